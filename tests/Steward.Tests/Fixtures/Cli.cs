using System.Diagnostics;

namespace Steward.Tests.Fixtures;

public sealed record CliResult(int ExitCode, string StdOut, string StdErr);

/// <summary>Runs the real <c>steward</c> executable (the build output next to the tests) as a child process.</summary>
public static class Cli
{
    public static string StewardDll { get; } = Path.Combine(AppContext.BaseDirectory, "steward.dll");

    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var (process, stdout, stderr) = Start(environment, args);
        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return new CliResult(process.ExitCode, await stdout, await stderr);
        }
    }

    /// <summary>Starts the process and leaves it running (for <c>serve</c>).</summary>
    public static (Process Process, Task<string> StdOut, Task<string> StdErr) Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(StewardDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A clean slate: nothing from the developer's shell leaks into what the child reads.
        foreach (var name in new[] { "SECRET_KEY", "ENVIRONMENT", "ADMIN_PASSWORD", "ALLOWED_ORIGINS", "STEWARD_DATABASE_URL", "HOST", "PORT", "OPENAI_API_KEY", "GEMINI_API_KEY" })
        {
            info.Environment.Remove(name);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start steward");
        process.StandardInput.Close();
        return (process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
    }
}
