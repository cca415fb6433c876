using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Steward.Observability;
using Steward.Security;

namespace Steward.Bench;

/// <summary>Cost of one request log line through the masking JSON formatter, against the same line written raw.</summary>
public static class LogFormatterBenchmark
{
    public static int Run(int iterations)
    {
        var formatter = new JsonLogFormatter(PiiMasker.Default);
        var scopes = new LoggerExternalScopeProvider();
        using var scope = scopes.Push(new Dictionary<string, object?> { ["RequestId"] = "0HN8:00000001", ["TraceId"] = "4bf92f3577b34da6a3ce929d0e0e4736" });
        var state = new List<KeyValuePair<string, object?>>
        {
            new("Method", "GET"), new("Route", "/api/auth/me"), new("Status", 200), new("ElapsedMs", 0.42), new("Org", "demo"),
            new("{OriginalFormat}", "HTTP {Method} {Route} responded {Status} in {ElapsedMs} ms for org {Org}"),
        };
        var entry = new LogEntry<List<KeyValuePair<string, object?>>>(LogLevel.Information, "Steward.Observability.RequestTelemetryMiddleware", new EventId(1), state, null,
            (_, _) => "HTTP GET /api/auth/me responded 200 in 0.42 ms for org demo");
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 21);
        var rawLine = "HTTP GET /api/auth/me responded 200 in 0.42 ms for org demo\n"u8.ToArray();

        double Measure(Action write)
        {
            // Warm up for half a second: tiered JIT promotes hot methods only after a delay.
            var warm = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(warm) < TimeSpan.FromMilliseconds(500)) write();
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < iterations; i++)
            {
                write();
                if (buffer.WrittenCount > 1 << 20) buffer.ResetWrittenCount();
            }

            return Stopwatch.GetElapsedTime(started).TotalMicroseconds * 1000 / iterations;
        }

        var raw = Measure(() => System.Buffers.BuffersExtensions.Write(buffer, rawLine));
        var formatted = Measure(() => formatter.Write(entry, scopes, buffer));
        Console.Error.WriteLine($"raw line:        {raw,8:N0} ns/line");
        Console.Error.WriteLine($"masked JSON line: {formatted,8:N0} ns/line  ({formatted / raw:N1}x raw)");
        return 0;
    }
}
