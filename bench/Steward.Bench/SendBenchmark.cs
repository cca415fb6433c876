using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;
using Steward.Inquiries;
using Steward.Inquiries.Sending;

namespace Steward.Bench;

/// <summary>
/// Sends/s through the sender's whole path (claim → a Cafe24-shaped HTTP reply to a fake market on 127.0.0.1 → final
/// commit): SQLite with one sender, PostgreSQL (with <c>--postgres CONN</c>) with one and four. The fake market's own
/// capacity (the same POST with no database) is measured first, in the same run; every run checks exactly one reply per
/// inquiry. <c>--market-latency-ms N</c> makes the market answer each reply after N ms, as a market across a network does
/// (Cafe24 answers in tens to hundreds of ms): then the senders wait on the market, not on the CPU, and the run shows
/// whether they wait on each other. <c>--failure-in-window</c> records one failed send (among 100 successes) before each run, so the guardian
/// evaluates its window counts after every send (an org that had a failure in the last 24 hours) instead of skipping them.
/// </summary>
public static class SendBenchmark
{
    private const string Org = "bench";

    public static async Task<int> RunAsync(int inquiries, string? postgres, int marketLatencyMs, bool failureInWindow)
    {
        await using var market = await Market.StartAsync(TimeSpan.FromMilliseconds(marketLatencyMs));
        Console.Error.WriteLine($"market latency: {marketLatencyMs} ms per reply; a failure in the guardian's window: {failureInWindow}");
        foreach (var clients in new[] { 1, 4 })
        {
            var rate = await MarketAloneAsync(market.BaseUrl, clients, inquiries);
            Console.Error.WriteLine($"fake market alone, {clients} client(s): {rate:N0} replies/s");
        }

        var failures = 0;
        failures += await RunOneAsync("SQLite", null, 1, inquiries, market, failureInWindow);
        if (postgres is not null)
        {
            failures += await RunOneAsync("PostgreSQL", postgres, 1, inquiries, market, failureInWindow);
            failures += await RunOneAsync("PostgreSQL", postgres, 4, inquiries, market, failureInWindow);
        }

        return failures == 0 ? 0 : 1;
    }

    private static async Task<double> MarketAloneAsync(string baseUrl, int clients, int requests)
    {
        using var http = new HttpClient();
        var next = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var n && n <= requests)
            {
                var body = new { shop_no = 1, requests = new[] { new { writer = "w", title = "t", content = "c", client_ip = "127.0.0.1", reply_article_no = 1_000_000 + n } } };
                using var response = await http.PostAsJsonAsync($"{baseUrl}/api/v2/admin/boards/9/articles", body);
                response.EnsureSuccessStatusCode();
            }
        })));
        return requests / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<int> RunOneAsync(string label, string? postgres, int senders, int count, Market market, bool failureInWindow)
    {
        var dataDir = Directory.CreateTempSubdirectory("steward-bench-sends-").FullName;
        var database = postgres is null ? null : await CreateDatabaseAsync(postgres);
        var settings = new Dictionary<string, string?>
        {
            ["Steward:Storage:DataDir"] = dataDir,
            ["Steward:Storage:ConnectionString"] = database,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Steward:PartialAuto:Enabled"] = "true",
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Steward.Hosting.StewardServiceCollectionExtensions.AddStewardCore(builder);
        builder.Configuration.AddInMemoryCollection(settings);
        using var host = builder.Build();
        await host.Services.GetRequiredService<Steward.Hosting.Initializer>().InitAsync(Org, "Bench", demo: false);
        await host.Services.GetRequiredService<Steward.Inquiries.Accounts.MarketAccountStore>().AddAsync(
            Org, MarketCodes.Cafe24, "mall", new Uri(market.BaseUrl), "bench", [1], null, poll: false, Steward.Audit.AuditActor.Cli, CancellationToken.None);
        var store = host.Services.GetRequiredService<InquiryStore>();
        var board = 100 + senders + (postgres is null ? 0 : 10);
        var context = JsonDocument.Parse("{}").RootElement;
        for (var i = 1; i <= count; i++)
        {
            var (inquiry, _) = await store.IngestAsync(Org, new NewInquiry(MarketCodes.Cafe24, "mall", $"{board}:{i}", "q"), CancellationToken.None);
            await store.RecordDecisionAsync(Org, inquiry.Id, new InquiryDecision("i", 1, "reply", InquiryStatus.AutoSend, null, null, [], context), CancellationToken.None);
        }

        if (failureInWindow)
        {
            // 100 earlier successes, then one failure: 1 %, under every rate rule, so nothing trips and every send counts.
            var guardian = host.Services.GetRequiredService<Steward.Guardian.IGuardian>();
            for (var i = 0; i <= 100; i++)
            {
                await guardian.SendFinishedAsync(
                    new Steward.Guardian.SendOutcome(Org, MarketCodes.Cafe24, "earlier", $"inq_earlier_{i}", i < 100, i < 100 ? null : "refused", DateTimeOffset.UtcNow),
                    CancellationToken.None);
            }
        }

        var sender = host.Services.GetRequiredService<InquirySender>();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            while (await sender.SendDueAsync(CancellationToken.None) > 0)
            {
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var replies = Enumerable.Range(1, count).Select(i => market.Replies.GetValueOrDefault($"{board}:{i}")).ToList();
        var duplicates = replies.Count(n => n > 1);
        var missing = replies.Count(n => n == 0);
        var sent = await store.CountSentAsync(Org, "mall", DateTimeOffset.UnixEpoch, CancellationToken.None);
        Console.Error.WriteLine(
            $"{label}, {senders} sender(s): {count:N0} sends in {elapsed:N2} s = {count / elapsed:N0} sends/s; duplicates {duplicates}, missing {missing}, SENT rows {sent:N0}");

        NpgsqlConnection.ClearAllPools();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
        if (postgres is not null)
        {
            await DropDatabaseAsync(postgres, new NpgsqlConnectionStringBuilder(database).Database!);
        }

        return duplicates == 0 && missing == 0 && sent == count ? 0 : 1;
    }

    private static async Task<string> CreateDatabaseAsync(string admin)
    {
        var name = "steward_bench_" + Guid.NewGuid().ToString("n")[..12];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static async Task DropDatabaseAsync(string admin, string name)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The fake market: Cafe24's reply POST, counting every reply per "{board}:{question}".</summary>
    private sealed class Market : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Market(WebApplication app) => _app = app;

        public ConcurrentDictionary<string, int> Replies { get; } = new();

        public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        public static async Task<Market> StartAsync(TimeSpan latency)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var market = new Market(app);
            app.MapPost("/api/v2/admin/boards/{board:long}/articles", async (long board, HttpContext context) =>
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                var question = body.RootElement.GetProperty("requests")[0].GetProperty("reply_article_no").GetInt64();
                var count = market.Replies.AddOrUpdate($"{board}:{question}", 1, (_, n) => n + 1);
                if (latency > TimeSpan.Zero)
                {
                    await Task.Delay(latency, context.RequestAborted);
                }

                return Results.Json(new { articles = new[] { new { article_no = count, parent_article_no = question, reply_depth = 1 } } }, statusCode: 201);
            });
            await app.StartAsync();
            return market;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
