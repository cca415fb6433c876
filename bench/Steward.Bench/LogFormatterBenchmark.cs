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
        var formatter = new MaskingJsonConsoleFormatter(PiiMasker.Default);
        var scopes = new LoggerExternalScopeProvider();
        using var scope = scopes.Push(new Dictionary<string, object?> { ["RequestId"] = "0HN8:00000001", ["TraceId"] = "4bf92f3577b34da6a3ce929d0e0e4736" });
        var state = new List<KeyValuePair<string, object?>>
        {
            new("Method", "GET"), new("Route", "/api/auth/me"), new("Status", 200), new("ElapsedMs", 0.42), new("Org", "demo"),
            new("{OriginalFormat}", "HTTP {Method} {Route} responded {Status} in {ElapsedMs} ms for org {Org}"),
        };
        var entry = new LogEntry<List<KeyValuePair<string, object?>>>(LogLevel.Information, "Steward.Observability.RequestTelemetryMiddleware", new EventId(1), state, null,
            (_, _) => "HTTP GET /api/auth/me responded 200 in 0.42 ms for org demo");
        var writer = new StringWriter();

        double Measure(Action write)
        {
            for (var i = 0; i < iterations / 10; i++) write();
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < iterations; i++)
            {
                write();
                if (writer.GetStringBuilder().Length > 1 << 20) writer.GetStringBuilder().Clear();
            }

            return Stopwatch.GetElapsedTime(started).TotalMicroseconds * 1000 / iterations;
        }

        var raw = Measure(() => writer.Write("HTTP GET /api/auth/me responded 200 in 0.42 ms for org demo\n"));
        var masker = PiiMasker.Default;
        var maskOnly = Measure(() => writer.Write(masker.Mask("HTTP GET /api/auth/me responded 200 in 0.42 ms for org demo")));
        Console.Error.WriteLine($"mask message:    {maskOnly,8:N0} ns/line");
        var noEmp = new PiiMasker(new PiiMaskingOptions { EmployeeIdPattern = "" });
        Console.Error.WriteLine($"mask no-emp:    {Measure(() => writer.Write(noEmp.Mask("HTTP GET /api/auth/me responded 200 in 0.42 ms for org demo"))),8:N0} ns/line");
        var scopeOnly = Measure(() => scopes.ForEachScope((o, w) => w.Write(o!.ToString()), writer));
        Console.Error.WriteLine($"scope walk:    {scopeOnly,8:N0} ns/line");
        var formatted = Measure(() => formatter.Write(entry, scopes, writer));
        Console.Error.WriteLine($"raw line:        {raw,8:N0} ns/line");
        Console.Error.WriteLine($"masked JSON line: {formatted,8:N0} ns/line  ({formatted / raw:N1}x raw)");
        return 0;
    }
}
