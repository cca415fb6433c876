using System.CommandLine;
using Microsoft.Extensions.Options;
using Steward.Hosting;
using Steward.Llm;
using Steward.Observability;
using Steward.Security;
using Steward.Security.RateLimiting;
using Steward.Storage;

namespace Steward.Cli;

/// <summary><c>steward doctor</c>: configuration, database, disk and model providers, each a line; exit 1 if any fails.</summary>
internal static class DoctorCommand
{
    public sealed record Check(string Name, string Status, string Detail);

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("doctor", "Check configuration, database, disk space and model providers; exit non-zero if something is wrong.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build();
            var checks = new List<Check>();
            checks.AddRange(CheckConfiguration(host));
            if (checks.All(check => check.Status != "fail"))
            {
                checks.Add(await CheckDatabaseAsync(host, cancellationToken));
                checks.Add(CheckDisk(host.Options<StorageOptions>()));
            }

            checks.Add(CheckProviders(host.Services.GetRequiredService<IConfiguration>()));
            var failed = checks.Count(check => check.Status == "fail");
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(new { ok = failed == 0, checks });
            }
            else
            {
                foreach (var check in checks)
                {
                    Console.WriteLine($"{(check.Status switch { "ok" => "ok  ", "warn" => "warn", _ => "FAIL" })}  {check.Name,-12} {check.Detail}");
                }

                Console.WriteLine(failed == 0 ? "No problems found." : $"{failed} problem(s) found.");
            }

            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    private static IEnumerable<Check> CheckConfiguration(IHost host)
    {
        var failures = new List<string>();
        foreach (var read in new Action[] { () => host.Options<ServerOptions>(), () => host.Options<StorageOptions>(), () => host.Options<SecurityOptions>(), () => host.Options<RateLimitOptions>(), () => host.Options<LlmOptions>() })
        {
            try
            {
                read();
            }
            catch (OptionsValidationException ex)
            {
                failures.AddRange(ex.Failures);
            }
        }

        if (failures.Count == 0)
        {
            var server = host.Options<ServerOptions>();
            yield return new Check("config", "ok", $"environment {server.Environment}, listening on {server.Host}:{server.Port}");
            yield break;
        }

        foreach (var failure in failures)
        {
            yield return new Check("config", "fail", failure);
        }
    }

    private static async Task<Check> CheckDatabaseAsync(IHost host, CancellationToken cancellationToken)
    {
        var database = host.Services.GetRequiredService<Database>();
        try
        {
            var pending = await host.Services.GetRequiredService<Migrator>().PendingAsync(cancellationToken);
            return pending.Count == 0
                ? new Check("database", "ok", $"{database.Description}, migrations up to date")
                : new Check("database", "fail", $"{database.Description}: {pending.Count} migration(s) pending; run 'steward migrate'");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or TimeoutException or InvalidOperationException)
        {
            return new Check("database", "fail", $"{database.Description}: cannot connect ({ex.GetType().Name}: {ex.Message})");
        }
    }

    private static Check CheckDisk(StorageOptions storage)
    {
        var free = DiskSpaceHealthCheck.FreeBytes(storage.DataDir);
        var detail = $"{free / (1024 * 1024):N0} MiB free for {Path.GetFullPath(storage.DataDir)}";
        return free switch
        {
            < DiskSpaceHealthCheck.UnhealthyBelowBytes => new Check("disk", "fail", detail),
            < DiskSpaceHealthCheck.DegradedBelowBytes => new Check("disk", "warn", detail),
            _ => new Check("disk", "ok", detail),
        };
    }

    // Presence only: doctor never calls a provider (no network needed, no quota spent).
    private static Check CheckProviders(IConfiguration configuration)
    {
        var configured = new[] { ("OpenAI", "Steward:Llm:OpenAiApiKey"), ("Gemini", "Steward:Llm:GeminiApiKey"), ("compatible", "Steward:Llm:ApiKey") }
            .Where(provider => !string.IsNullOrWhiteSpace(configuration[provider.Item2]))
            .Select(provider => provider.Item1)
            .ToList();
        var keys = configured.Count == 0 ? "no API key set" : $"API key present for {string.Join(", ", configured)}";
        var llm = new LlmOptions { Provider = configuration[$"{LlmOptions.Section}:Provider"] ?? LlmOptions.None, Model = configuration[$"{LlmOptions.Section}:Model"] };
        return llm.IsEnabled
            ? new Check("providers", "ok", $"LLM provider {llm.ProviderName} (model {llm.EffectiveModel ?? "?"}), {keys} (not called)")
            : new Check("providers", "ok", $"no LLM provider (Steward:Llm:Provider is none), {keys}: the embedded responder answers (offline)");
    }
}
