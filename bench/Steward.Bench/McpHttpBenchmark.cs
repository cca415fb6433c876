using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Steward.Hosting;
using Steward.Tools;

namespace Steward.Bench;

/// <summary>
/// <c>lookup_order</c> over MCP's streamable HTTP at N concurrent clients (one MCP session each, SDK client), against the
/// same tool through Steward's plain JSON endpoint <c>POST /api/tools/lookup_order/call</c> at the same concurrency, in
/// alternating rounds against one server.
/// </summary>
public static class McpHttpBenchmark
{
    public static async Task<int> RunAsync(int clients, TimeSpan duration, int rounds)
    {
        var dataDir = Directory.CreateTempSubdirectory("steward-bench-mcp-").FullName;
        var app = StewardWebApp.Build(
            ["--urls", "http://127.0.0.1:0"],
            builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Steward:Storage:DataDir"] = dataDir,
                ["Steward:Server:Demo"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Steward:RateLimits:ApiPerMinute"] = "10000000",
                ["Steward:RateLimits:ApiPerMinutePerIp"] = "100000000",
            }));
        await app.StartAsync();
        var initializer = app.Services.GetRequiredService<Initializer>();
        var demo = await initializer.InitAsync(Initializer.DemoOrg, "Demo shop", demo: true);
        await initializer.SeedDemoContentAsync(Initializer.DemoOrg);
        await app.Services.GetRequiredService<ToolPolicyStore>().SetAsync(Initializer.DemoOrg, "lookup_order", new ToolPolicy(true, false, 1_000_000),
            Steward.Audit.AuditActor.System, CancellationToken.None);
        var shop = await app.Services.GetRequiredService<Steward.Commerce.ICommerceBackendResolver>().ForOrgAsync(Initializer.DemoOrg, CancellationToken.None);
        var orderIds = (await shop.ListOrdersAsync(new Steward.Commerce.OrderQuery(Limit: 100), CancellationToken.None)).Select(o => o.OrderId).ToArray();
        var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        var mcpClients = await Task.WhenAll(Enumerable.Range(0, clients).Select(i => McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(baseAddress, "/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {demo.ApiKey}" },
            }),
            new McpClientOptions { ClientInfo = new Implementation { Name = $"bench-{i}", Version = "1" } })));
        using var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", demo.ApiKey);

        async Task McpCallAsync(int client, int n)
        {
            var result = await mcpClients[client].CallToolAsync(new CallToolRequestParams
            {
                Name = "lookup_order",
                Arguments = new Dictionary<string, JsonElement> { ["order_id"] = JsonSerializer.SerializeToElement(orderIds[n % orderIds.Length]) },
            });
            if (result.IsError == true)
            {
                throw new InvalidOperationException("lookup_order failed over MCP");
            }
        }

        async Task HttpCallAsync(int client, int n)
        {
            using var response = await http.PostAsJsonAsync("/api/tools/lookup_order/call", new { arguments = new { order_id = orderIds[n % orderIds.Length] } });
            response.EnsureSuccessStatusCode();
        }

        Console.Error.WriteLine($"lookup_order, {clients} concurrent clients, {duration.TotalSeconds:N0} s per side per round, {rounds} rounds (SQLite, one process serving and loading)");
        await RunLoadAsync(McpCallAsync, clients, TimeSpan.FromSeconds(3));
        await RunLoadAsync(HttpCallAsync, clients, TimeSpan.FromSeconds(3));
        var ratios = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var viaHttp = await RunLoadAsync(HttpCallAsync, clients, duration);
            var viaMcp = await RunLoadAsync(McpCallAsync, clients, duration);
            Console.Error.WriteLine($"round {round}: JSON API {viaHttp} | MCP {viaMcp} | MCP/JSON throughput {viaMcp.PerSecond / viaHttp.PerSecond:P1}");
            ratios.Add(viaMcp.PerSecond / viaHttp.PerSecond);
        }

        Console.Error.WriteLine($"median MCP/JSON throughput ratio: {ratios.Order().ElementAt(ratios.Count / 2):P1}");
        foreach (var client in mcpClients)
        {
            await client.DisposeAsync();
        }

        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
        return 0;
    }

    private sealed record Load(long Calls, double PerSecond, double P50, double P99)
    {
        public override string ToString() => $"{PerSecond:N0} calls/s, p50 {P50:N2} ms, p99 {P99:N2} ms";
    }

    private static async Task<Load> RunLoadAsync(Func<int, int, Task> call, int clients, TimeSpan duration)
    {
        var latencies = new List<double>[clients];
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var mine = latencies[client] = new List<double>(100_000);
            for (var n = client; stopwatch.Elapsed < duration; n += clients)
            {
                var started = Stopwatch.GetTimestamp();
                await call(client, n);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Load(all.Length, all.Length / stopwatch.Elapsed.TotalSeconds, all[all.Length / 2], all[Math.Min(all.Length - 1, (int)(all.Length * 0.99))]);
    }
}
