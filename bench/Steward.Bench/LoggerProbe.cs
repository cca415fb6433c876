using System.Diagnostics;
using Microsoft.Extensions.Logging.Console;
using Steward.Observability;
using Steward.Security;
namespace Steward.Bench;
public static class LoggerProbe
{
    public static int Run(string formatterName)
    {
        var services = new ServiceCollection();
        services.AddSingleton(PiiMasker.Default);
        services.AddLogging(b => { b.AddConsole(o => o.FormatterName = formatterName); b.AddConsoleFormatter<MaskingJsonConsoleFormatter, ConsoleFormatterOptions>(); });
        using var sp = services.BuildServiceProvider();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Steward.Test");
        var sw = Stopwatch.StartNew();
        const int n = 100_000;
        Parallel.For(0, 2, _ => { for (var i = 0; i < n; i++) logger.LogInformation("HTTP {Method} {Route} responded {Status} in {ElapsedMs} ms for org {Org}", "GET", "/api/auth/me", 200, 0.42, "demo"); });
        Console.Error.WriteLine($"{formatterName}: {2 * n / sw.Elapsed.TotalSeconds:N0} lines/s");
        return 0;
    }
}
