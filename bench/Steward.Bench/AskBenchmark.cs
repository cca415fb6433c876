using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Steward.Hosting;

namespace Steward.Bench;

/// <summary>
/// Issue 5's benchmark: <c>POST /api/ask</c> in the demo org with the embedded responder — a mix of questions that
/// read tracking data, look up orders, search the knowledge base and get refused — against the bare endpoint of the
/// foundation benchmark, served by the same process, rounds alternating, wrk at N connections.
/// </summary>
public static class AskBenchmark
{
    public static async Task<int> RunAsync(int connections, TimeSpan duration, int rounds)
    {
        var dataDir = Directory.CreateTempSubdirectory("steward-bench-ask-").FullName;
        var full = StewardWebApp.Build(
            ["--urls", "http://127.0.0.1:0"],
            builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Steward:Storage:DataDir"] = dataDir,
                ["Steward:Server:Demo"] = "false",
                ["Logging:LogLevel:Default"] = "Information",
                ["Steward:RateLimits:AskPerMinute"] = "1000000",
                ["Steward:RateLimits:AskPerHour"] = "10000000",
                ["Steward:RateLimits:ApiPerMinute"] = "10000000",
                ["Steward:RateLimits:ApiPerMinutePerIp"] = "100000000",
            }));
        await full.StartAsync();
        var initializer = full.Services.GetRequiredService<Initializer>();
        var demo = await initializer.InitAsync(Initializer.DemoOrg, "Demo shop", demo: true);
        await initializer.SeedDemoContentAsync(Initializer.DemoOrg);
        var policies = full.Services.GetRequiredService<Steward.Tools.ToolPolicyStore>();
        foreach (var tool in new[] { "track_shipment", "lookup_order" })
        {
            await policies.SetAsync(Initializer.DemoOrg, tool, new Steward.Tools.ToolPolicy(true, false, 0), Steward.Audit.AuditActor.System, CancellationToken.None);
        }

        using var client = new HttpClient { BaseAddress = Address(full) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", demo.ApiKey);
        var orders = await (await client.PostAsJsonAsync("/api/tools/list_orders/call", new { arguments = new { status = "배송중", limit = 2 } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var shipped = orders.GetProperty("data").GetProperty("orders")[0].GetProperty("order_id").GetString();
        string[] questions =
        [
            $"주문번호 {shipped} 배송 언제 와요?",
            "반품은 며칠 안에 신청해야 하나요?",
            "How long does delivery take?",
            "에어프라이어 세척 방법 알려주세요",
            "제 주문 어디쯤 왔어요?",
            "내일 서울 날씨 어때요?",
        ];
        var bodies = questions.Select(q => JsonSerializer.Serialize(new { question = q })).ToList();

        var bareBuilder = WebApplication.CreateSlimBuilder();
        bareBuilder.Logging.ClearProviders();
        bareBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        var bare = bareBuilder.Build();
        var payload = new { org = "demo", role = "admin", actor_type = "api_key", actor_id = "01a2011f945a79b4888a4eeacb392ccc", name = "init" };
        bare.Run(context => context.Response.WriteAsJsonAsync(payload));
        await bare.StartAsync();

        var askUri = new Uri(Address(full), "/api/ask");
        var bareUri = new Uri(Address(bare), "/me");
        await WrkClient.RunAsync("warm-up", bareUri, null, connections, TimeSpan.FromSeconds(2));
        await WrkClient.RunAsync("warm-up", askUri, demo.ApiKey, connections, TimeSpan.FromSeconds(4), bodies);
        var ratios = new List<double>();
        var askResults = new List<LoadResult>();
        for (var round = 1; round <= rounds; round++)
        {
            var b = await WrkClient.RunAsync($"bare    round {round}", bareUri, null, connections, duration);
            Console.Error.WriteLine(b);
            var a = await WrkClient.RunAsync($"ask     round {round}", askUri, demo.ApiKey, connections, duration, bodies);
            Console.Error.WriteLine(a);
            ratios.Add(a.RequestsPerSecond / b.RequestsPerSecond);
            askResults.Add(a);
        }

        Console.Error.WriteLine($"per-round ask/bare throughput: {string.Join(", ", ratios.Select(r => r.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)))}; " +
            $"median {ratios.Order().ElementAt(ratios.Count / 2):P1} (target >= 20 %); ask p99 median {askResults.Select(r => r.P99Ms).Order().ElementAt(rounds / 2):N2} ms (target <= 25 ms)");
        await full.StopAsync();
        await bare.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
        return askResults.Sum(r => r.Errors) == 0 ? 0 : 1;
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
