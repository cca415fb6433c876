using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Steward.Bench;

/// <summary>Drives a URL with wrk (Debian package <c>wrk</c>) in its own process and reads its summary.</summary>
public static partial class WrkClient
{
    /// <param name="jsonBodies">When set, every request is a POST of the next of these JSON bodies, in turn.</param>
    public static async Task<LoadResult> RunAsync(string name, Uri url, string? bearer, int connections, TimeSpan duration, IReadOnlyList<string>? jsonBodies = null)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        string? script = null;
        if (jsonBodies is { Count: > 0 })
        {
            script = Path.Combine(Path.GetTempPath(), $"steward-wrk-{Guid.NewGuid():n}.lua");
            var bodies = string.Join(",\n", jsonBodies.Select(b => "[==[" + b + "]==]"));
            await File.WriteAllTextAsync(script, $$"""
                local bodies = {
                {{bodies}}
                }
                local i = 0
                wrk.headers["Content-Type"] = "application/json"
                request = function()
                  i = i % #bodies + 1
                  return wrk.format("POST", nil, nil, bodies[i])
                end
                """);
            info.ArgumentList.Add("-s");
            info.ArgumentList.Add(script);
        }

        foreach (var arg in new[] { "-t1", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency" })
        {
            info.ArgumentList.Add(arg);
        }

        if (bearer is not null)
        {
            info.ArgumentList.Add("-H");
            info.ArgumentList.Add($"Authorization: Bearer {bearer}");
        }

        info.ArgumentList.Add(url.ToString());
        using var process = Process.Start(info) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk)");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (script is not null)
        {
            File.Delete(script);
        }

        double Latency(string percentile) => ToMilliseconds(Regex.Match(output, $@"^\s*{percentile}%\s+([\d.]+)(us|ms|s)", RegexOptions.Multiline));
        var requests = long.Parse(RequestsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = NonSuccessLine().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = double.Parse(DurationLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return new LoadResult(name, requests, non2xx, seconds, Latency("50"), Latency("99"));
    }

    private static double ToMilliseconds(Match match)
    {
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"requests in ([\d.]+)s")]
    private static partial Regex DurationLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccessLine();
}
