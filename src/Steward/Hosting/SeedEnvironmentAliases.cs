using System.Collections;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Steward.Hosting;

/// <summary>
/// The seeds' <c>.env</c> names (<c>SECRET_KEY</c>, <c>PORT</c>, …) mapped onto Steward's configuration keys, in this one
/// place. They sit just below <c>STEWARD__…</c> environment variables and command-line settings, which win.
/// Comma lists are split and trimmed.
/// </summary>
public static class SeedEnvironmentAliases
{
    public sealed record Alias(string Variable, string Key, bool IsList = false, Func<string, string>? Translate = null);

    public static readonly IReadOnlyList<Alias> All =
    [
        new("HOST", "Steward:Server:Host"),
        new("PORT", "Steward:Server:Port"),
        new("ENVIRONMENT", "Steward:Server:Environment"),
        new("LOG_LEVEL", "Logging:LogLevel:Default", Translate: TranslateLogLevel),
        new("STEWARD_DATA_DIR", "Steward:Storage:DataDir"),
        new("STEWARD_DATABASE_URL", "Steward:Storage:ConnectionString"),
        new("SECRET_KEY", "Steward:Security:SecretKey"),
        new("ADMIN_PASSWORD", "Steward:Security:AdminPassword"),
        new("ALLOWED_ORIGINS", "Steward:Security:AllowedOrigins", IsList: true),
        new("RATE_LIMIT_PER_MINUTE", "Steward:RateLimits:AskPerMinute"),
        new("RATE_LIMIT_PER_HOUR", "Steward:RateLimits:AskPerHour"),
        new("OPENAI_API_KEY", "Steward:Llm:OpenAiApiKey"),
        new("GEMINI_API_KEY", "Steward:Llm:GeminiApiKey"),
        new("ENABLE_CS_PARTIAL_AUTO", "Steward:PartialAuto:Enabled"),
        new("CS_TEST_MODE", "Steward:PartialAuto:TestMode"),
        new("CS_TEST_MODE_ALLOWED_ACCOUNTS", "Steward:PartialAuto:AllowedAccounts", IsList: true),
        new("CS_TEST_MODE_ALLOWED_MARKETS", "Steward:PartialAuto:AllowedMarkets", IsList: true),
        new("CS_ALLOWED_INTENTS", "Steward:PartialAuto:AllowedIntents", IsList: true),
        new("CS_DAILY_QUOTA_PER_ACCOUNT", "Steward:PartialAuto:DailyQuotaPerAccount"),
        new("CS_LOCK_EXPIRY_MINUTES", "Steward:Inquiries:LockExpiry", Translate: TranslateMinutes),
    ];

    /// <summary>Adds the aliases just before the unprefixed environment-variable source (or last, if there is none).</summary>
    public static void AddSeedEnvironmentAliases(this IConfigurationBuilder builder, IDictionary? environment = null)
    {
        var source = new MemoryConfigurationSourceFromAliases(environment ?? Environment.GetEnvironmentVariables());
        var index = builder.Sources.ToList().FindLastIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        if (index < 0)
        {
            builder.Sources.Add(source);
        }
        else
        {
            builder.Sources.Insert(index, source);
        }
    }

    internal static Dictionary<string, string?> Resolve(IDictionary environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var alias in All)
        {
            if (environment[alias.Variable] is not string raw || raw.Length == 0)
            {
                continue;
            }

            if (alias.IsList)
            {
                var items = raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                for (var i = 0; i < items.Length; i++)
                {
                    values[$"{alias.Key}:{i}"] = items[i];
                }
            }
            else
            {
                values[alias.Key] = alias.Translate is null ? raw.Trim() : alias.Translate(raw.Trim());
            }
        }

        return values;
    }

    /// <summary>A number of minutes (the seeds' <c>CS_LOCK_EXPIRY_MINUTES</c>) as a TimeSpan; anything else passes through to fail validation.</summary>
    private static string TranslateMinutes(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes)
            ? TimeSpan.FromMinutes(minutes).ToString("c", System.Globalization.CultureInfo.InvariantCulture)
            : value;

    private static string TranslateLogLevel(string value) => value.ToLowerInvariant() switch
    {
        "trace" => "Trace",
        "debug" => "Debug",
        "info" or "information" => "Information",
        "warn" or "warning" => "Warning",
        "error" => "Error",
        "critical" or "fatal" => "Critical",
        _ => value,
    };

    private sealed class MemoryConfigurationSourceFromAliases(IDictionary environment) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(environment);

        private sealed class Provider(IDictionary environment) : ConfigurationProvider
        {
            public override void Load() => Data = Resolve(environment);
        }
    }
}
