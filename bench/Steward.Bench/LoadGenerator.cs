using System.Diagnostics;

namespace Steward.Bench;

public sealed record LoadResult(string Name, long Requests, long Errors, double Seconds, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Seconds;

    public override string ToString() =>
        $"{Name,-28} {RequestsPerSecond,10:N0} req/s   p50 {P50Ms,7:N3} ms   p99 {P99Ms,7:N3} ms   errors {Errors}";
}

/// <summary>A closed-loop HTTP load generator: N connections, each sending its next request when the last one answers.</summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(string name, Func<HttpRequestMessage> request, int connections, TimeSpan warmup, TimeSpan duration)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // no per-request timer: the client should cost as little as it can
        };

        await LoopAsync(client, request, connections, warmup, record: false);
        var stopwatch = Stopwatch.StartNew();
        var perWorker = await LoopAsync(client, request, connections, duration, record: true);
        var seconds = stopwatch.Elapsed.TotalSeconds;

        var latencies = perWorker.SelectMany(w => w.Latencies).ToArray();
        Array.Sort(latencies);
        return new LoadResult(name, latencies.Length, perWorker.Sum(w => w.Errors), seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static async Task<Worker[]> LoopAsync(HttpClient client, Func<HttpRequestMessage> request, int connections, TimeSpan duration, bool record)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, connections).Select(_ => new Worker()).ToArray();
        await Task.WhenAll(workers.Select(worker => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request());
                await response.Content.LoadIntoBufferAsync();
                if (!record)
                {
                    continue;
                }

                worker.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    worker.Errors++;
                }
            }
        })));
        return workers;
    }

    private static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];

    private sealed class Worker
    {
        public List<double> Latencies { get; } = new(1 << 16);

        public long Errors { get; set; }
    }
}
