using System.Diagnostics;
using System.Text.Json;
using Steward.Commerce;
using Steward.Tools;

namespace Steward.Bench;

/// <summary>
/// What the registry, policy and ledger add around a tool: <c>lookup_order</c> through <see cref="ToolInvoker"/> against the
/// same lookup straight on the sandbox backend, interleaved in blocks in one process on one database, so both see the
/// same cache, disk and noise.
/// </summary>
public static class ToolCallBenchmark
{
    public static async Task<int> RunAsync(int calls, int rounds, string? postgres)
    {
        var dataDir = Directory.CreateTempSubdirectory("steward-bench-tools-").FullName;
        var settings = new Dictionary<string, string?> { ["Steward:Storage:DataDir"] = dataDir, ["Logging:LogLevel:Default"] = "Warning" };
        if (postgres is not null)
        {
            settings["ConnectionStrings:Steward"] = postgres;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Steward.Hosting.StewardServiceCollectionExtensions.AddStewardCore(builder);
        builder.Configuration.AddInMemoryCollection(settings);
        using var host = builder.Build();
        var org = "bench-" + Guid.NewGuid().ToString("n")[..8];
        await host.Services.GetRequiredService<Steward.Hosting.Initializer>().InitAsync(org, "Bench", demo: false);
        await host.Services.GetRequiredService<Steward.Commerce.Sandbox.SandboxSeeder>().SeedAsync(org);

        var shop = await host.Services.GetRequiredService<ICommerceBackendResolver>().ForOrgAsync(org, CancellationToken.None);
        var invoker = host.Services.GetRequiredService<ToolInvoker>();
        // A limit high enough never to trip, so the per-minute counter is still counted on every call.
        await host.Services.GetRequiredService<ToolPolicyStore>().SetAsync(org, "lookup_order", new ToolPolicy(true, false, 1_000_000),
            Steward.Audit.AuditActor.System, CancellationToken.None);
        var orderIds = (await shop.ListOrdersAsync(new OrderQuery(Limit: 100), CancellationToken.None)).Select(o => o.OrderId).ToArray();
        var caller = new ToolCaller("api_key", "bench");

        async Task<double> DirectAsync(string orderId)
        {
            var started = Stopwatch.GetTimestamp();
            _ = await shop.GetOrderAsync(orderId, CancellationToken.None) ?? throw new InvalidOperationException(orderId);
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        async Task<double> ThroughRegistryAsync(string orderId)
        {
            var started = Stopwatch.GetTimestamp();
            var outcome = await invoker.InvokeAsync(new ToolCallRequest(org, "lookup_order",
                JsonSerializer.SerializeToElement(new { order_id = orderId }), caller, ToolCallMode.Automatic, "bench-session"), CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return outcome.Result.IsError ? throw new InvalidOperationException(outcome.Result.Error!.Message) : elapsed;
        }

        for (var i = 0; i < 500; i++)
        {
            await DirectAsync(orderIds[i % orderIds.Length]);
            await ThroughRegistryAsync(orderIds[i % orderIds.Length]);
        }

        Console.Error.WriteLine($"{(postgres is null ? "SQLite" : "PostgreSQL")}, lookup_order on the sandbox, {calls:N0} calls per side per round, {rounds} rounds, blocks of 100 alternating");
        var allDirect = new List<double>();
        var allTool = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var direct = new List<double>(calls);
            var tool = new List<double>(calls);
            for (var i = 0; i < calls; i += 100)
            {
                for (var j = i; j < i + 100; j++)
                {
                    direct.Add(await DirectAsync(orderIds[j % orderIds.Length]));
                }

                for (var j = i; j < i + 100; j++)
                {
                    tool.Add(await ThroughRegistryAsync(orderIds[j % orderIds.Length]));
                }
            }

            Report($"round {round}", direct, tool);
            allDirect.AddRange(direct);
            allTool.AddRange(tool);
        }

        Report("all rounds", allDirect, allTool);
        Npgsql.NpgsqlConnection.ClearAllPools();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
        return 0;
    }

    private static void Report(string label, List<double> direct, List<double> tool)
    {
        direct.Sort();
        tool.Sort();
        double P(List<double> values, double q) => values[Math.Min(values.Count - 1, (int)(values.Count * q))];
        Console.Error.WriteLine(
            $"{label}: direct p50 {P(direct, 0.5):N3} ms p99 {P(direct, 0.99):N3} ms | via registry+policy+ledger p50 {P(tool, 0.5):N3} ms p99 {P(tool, 0.99):N3} ms " +
            $"| overhead p50 {P(tool, 0.5) - P(direct, 0.5):N3} ms, p99 {P(tool, 0.99) - P(direct, 0.99):N3} ms, mean {tool.Average() - direct.Average():N3} ms");
    }
}
