using System.Collections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Steward.Hosting;
using Steward.Security;

namespace Steward.Tests.Hosting;

public class ConfigurationTests
{
    [Fact]
    public void Seed_variable_names_map_onto_steward_settings_with_lists_split_and_trimmed()
    {
        var values = SeedEnvironmentAliases.Resolve(new Hashtable
        {
            ["PORT"] = "9000",
            ["HOST"] = "0.0.0.0",
            ["ENVIRONMENT"] = "production",
            ["LOG_LEVEL"] = "info",
            ["SECRET_KEY"] = "s",
            ["ALLOWED_ORIGINS"] = " https://a.example , https://b.example,,",
            ["RATE_LIMIT_PER_MINUTE"] = "20",
            ["RATE_LIMIT_PER_HOUR"] = "200",
            ["STEWARD_DATA_DIR"] = "/var/lib/steward",
            ["STEWARD_DATABASE_URL"] = "postgres://u:p@h/db",
            ["UNRELATED"] = "x",
        });

        Assert.Equal("9000", values["Steward:Server:Port"]);
        Assert.Equal("0.0.0.0", values["Steward:Server:Host"]);
        Assert.Equal("production", values["Steward:Server:Environment"]);
        Assert.Equal("Information", values["Logging:LogLevel:Default"]);
        Assert.Equal("https://a.example", values["Steward:Security:AllowedOrigins:0"]);
        Assert.Equal("https://b.example", values["Steward:Security:AllowedOrigins:1"]);
        Assert.False(values.ContainsKey("Steward:Security:AllowedOrigins:2"));
        Assert.Equal("20", values["Steward:RateLimits:AskPerMinute"]);
        Assert.Equal("200", values["Steward:RateLimits:AskPerHour"]);
        Assert.Equal("/var/lib/steward", values["Steward:Storage:DataDir"]);
        Assert.Equal("postgres://u:p@h/db", values["Steward:Storage:ConnectionString"]);
        Assert.Equal(11, values.Count);
    }

    [Fact]
    public void The_seeds_partial_auto_env_file_sets_the_gate_defaults_with_its_comma_lists_trimmed()
    {
        // Seed 000's phase 2 .env, written carelessly: spaces around the commas and a trailing comma (its trap 4).
        var builder = new ConfigurationBuilder();
        builder.AddSeedEnvironmentAliases(new Hashtable
        {
            ["ENABLE_CS_PARTIAL_AUTO"] = "true",
            ["CS_TEST_MODE"] = "false",
            ["CS_TEST_MODE_ALLOWED_ACCOUNTS"] = " uuid-of-coupang-main , uuid-2,",
            ["CS_TEST_MODE_ALLOWED_MARKETS"] = "COUPANG, SMARTSTORE",
            ["CS_ALLOWED_INTENTS"] = "배송문의,사용법 ",
            ["CS_DAILY_QUOTA_PER_ACCOUNT"] = " 10",
            ["CS_LOCK_EXPIRY_MINUTES"] = "15",
        });
        var configuration = builder.Build();

        var gates = configuration.GetSection(Steward.Inquiries.Gates.PartialAutoSettings.Section).Get<Steward.Inquiries.Gates.PartialAutoSettings>()!;
        Assert.Equal((true, false, 10), (gates.Enabled, gates.TestMode, gates.DailyQuotaPerAccount));
        Assert.Equal(["uuid-of-coupang-main", "uuid-2"], gates.AllowedAccounts);
        Assert.Equal(["COUPANG", "SMARTSTORE"], gates.AllowedMarkets);
        Assert.Equal(["배송문의", "사용법"], gates.AllowedIntents);
        Assert.Equal(TimeSpan.FromMinutes(15), configuration.GetSection("Steward:Inquiries").Get<Steward.Inquiries.InquiryOptions>()!.LockExpiry);
    }

    [Fact]
    public void Steward_prefixed_variables_win_over_seed_aliases()
    {
        var builder = new ConfigurationBuilder();
        builder.Add(new EnvironmentVariablesConfigurationSource());
        builder.AddSeedEnvironmentAliases(new Hashtable { ["PORT"] = "9000", ["HOST"] = "0.0.0.0" });
        builder.AddInMemoryCollection(new Dictionary<string, string?> { ["Steward:Server:Host"] = "10.0.0.1" });
        var configuration = builder.Build();

        Assert.Equal("9000", configuration["Steward:Server:Port"]);
        Assert.Equal("10.0.0.1", configuration["Steward:Server:Host"]);
        Assert.IsNotType<EnvironmentVariablesConfigurationSource>(builder.Sources[0]);
    }

    [Theory]
    [InlineData(null, "SECRET_KEY")]
    [InlineData("short", "SECRET_KEY")]
    [InlineData("your-secret-key-min-32-characters-random-string", "SECRET_KEY")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "SECRET_KEY")]
    public void Production_refuses_a_missing_short_or_placeholder_secret(string? secret, string named)
    {
        var problems = ProductionRules.Check(Production(), new SecurityOptions { SecretKey = secret, AdminPassword = "a-real-admin-password" });
        Assert.Contains(problems, p => p.Contains(named, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(SecurityOptions.DemoAdminPassword)]
    [InlineData("short")]
    public void Production_refuses_a_missing_or_demo_admin_password(string? password)
    {
        var problems = ProductionRules.Check(Production(), new SecurityOptions { SecretKey = GoodSecret, AdminPassword = password });
        Assert.Contains(problems, p => p.Contains("ADMIN_PASSWORD", StringComparison.Ordinal));
    }

    [Fact]
    public void Production_refuses_a_wildcard_origin_and_accepts_a_proper_configuration()
    {
        var good = new SecurityOptions { SecretKey = GoodSecret, AdminPassword = "a-real-admin-password", AllowedOrigins = ["https://shop.example"] };
        Assert.Empty(ProductionRules.Check(Production(), good));

        good.AllowedOrigins.Add("*");
        Assert.Contains(ProductionRules.Check(Production(), good), p => p.Contains("ALLOWED_ORIGINS", StringComparison.Ordinal));
        Assert.Empty(ProductionRules.Check(new ServerOptions(), new SecurityOptions { AllowedOrigins = ["*"] }));
    }

    private const string GoodSecret = "kJ8#s9Lm2Qx7Vb4Nw1Rt6Yp3Zc5Hd0Fg";

    private static ServerOptions Production() => new() { Environment = "production" };
}
