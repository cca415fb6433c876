using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Steward.Hosting;

namespace Steward.Bench;

/// <summary>
/// Issue 2's benchmark: an authenticated JSON endpoint through Steward's whole middleware stack (API-key auth,
/// security headers, rate limiter, authorization, metrics, JSON logging at Information through the PII masker)
/// against a bare endpoint with no middleware, served by the same process. Rounds alternate so drift hits both.
/// </summary>
public static class HttpStackBenchmark
{
    public static async Task<int> RunAsync(int connections, TimeSpan duration, int rounds, string logLevel, string client)
    {
        var dataDir = Directory.CreateTempSubdirectory("steward-bench-").FullName;
        var full = StewardWebApp.Build(
            ["--urls", "http://127.0.0.1:0"],
            builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Steward:Storage:DataDir"] = dataDir,
                ["Steward:Server:Demo"] = "false",
                ["Logging:LogLevel:Default"] = logLevel,
                ["Steward:RateLimits:ApiPerMinute"] = "10000000",
                ["Steward:RateLimits:ApiPerMinutePerIp"] = "100000000",
            }));
        await full.StartAsync();
        var demo = await full.Services.GetRequiredService<Initializer>().InitAsync(Initializer.DemoOrg, "Demo shop", demo: true);

        var bareBuilder = WebApplication.CreateSlimBuilder();
        bareBuilder.Logging.ClearProviders();
        bareBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        var bare = bareBuilder.Build();
        var payload = new { org = "demo", role = "admin", actor_type = "api_key", actor_id = "01a2011f945a79b4888a4eeacb392ccc", name = "init" };
        bare.Run(context => context.Response.WriteAsJsonAsync(payload));
        await bare.StartAsync();

        var fullUri = new Uri(Address(full), "/api/auth/me");
        var bareUri = new Uri(Address(bare), "/me");
        HttpRequestMessage FullRequest()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, fullUri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", demo.ApiKey);
            return request;
        }

        var warmup = TimeSpan.FromSeconds(2);
        var bareResults = new List<LoadResult>();
        var fullResults = new List<LoadResult>();
        for (var round = 1; round <= rounds; round++)
        {
            if (client == "wrk")
            {
                if (round == 1)
                {
                    await WrkClient.RunAsync("warm-up", bareUri, null, connections, warmup);
                    await WrkClient.RunAsync("warm-up", fullUri, demo.ApiKey, connections, warmup * 2);
                }

                bareResults.Add(await WrkClient.RunAsync($"bare    round {round}", bareUri, null, connections, duration));
                Report(bareResults[^1]);
                fullResults.Add(await WrkClient.RunAsync($"steward round {round}", fullUri, demo.ApiKey, connections, duration));
                Report(fullResults[^1]);
                continue;
            }

            bareResults.Add(await LoadGenerator.RunAsync($"bare    round {round}", () => new HttpRequestMessage(HttpMethod.Get, bareUri), connections, warmup, duration));
            Report(bareResults[^1]);
            fullResults.Add(await LoadGenerator.RunAsync($"steward round {round}", FullRequest, connections, warmup, duration));
            Report(fullResults[^1]);
        }

        var bareMedian = Median(bareResults);
        var fullMedian = Median(fullResults);
        var ratio = fullMedian.RequestsPerSecond / bareMedian.RequestsPerSecond;
        // Each round's pair ran back to back, so its ratio is the least exposed to the machine's drift.
        var paired = bareResults.Zip(fullResults, (b, f) => f.RequestsPerSecond / b.RequestsPerSecond).Order().ToArray();
        Console.Error.WriteLine();
        Console.Error.WriteLine($"median bare:    {bareMedian}");
        Console.Error.WriteLine($"median steward: {fullMedian}");
        Console.Error.WriteLine($"per-round ratios: {string.Join(", ", paired.Select(r => r.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)))}; median {paired[paired.Length / 2]:P1}");
        Console.Error.WriteLine($"throughput ratio steward/bare = {ratio:P1} (ratio of medians; target >= 60 %) at {connections} connections, client {client}, Steward logging at {logLevel}");

        await full.StopAsync();
        await bare.StopAsync();
        return fullResults.Sum(r => r.Errors) + bareResults.Sum(r => r.Errors) == 0 ? 0 : 1;
    }

    private static LoadResult Median(List<LoadResult> results) => results.OrderBy(r => r.RequestsPerSecond).ElementAt(results.Count / 2);

    private static void Report(LoadResult result) => Console.Error.WriteLine(result);

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
