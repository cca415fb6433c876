using Microsoft.Extensions.Options;
using Steward.Guardian;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Guardian;

public class GuardianOptionsTests
{
    [Theory]
    [InlineData("Steward:Guardian:MinimumSample", "0", "MinimumSample")]
    [InlineData("Steward:Guardian:ShadowAfterDays", "91", "ShadowAfterDays")]
    [InlineData("Steward:Guardian:WebhookTimeout", "00:05:00", "WebhookTimeout")]
    [InlineData("Steward:Guardian:WebhookUrl", "ftp://hooks.example/x", "Steward:Guardian:WebhookUrl")]
    [InlineData("Steward:Guardian:AccountFailureRatePercent", "6", "AccountFailureRatePercent")]
    public async Task Bad_thresholds_and_webhook_urls_are_refused_naming_the_setting(string key, string value, string named)
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        using var host = Fixtures.Services.Build(storage, new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<GuardianOptions>>().Value);
        Assert.Contains(error.Failures, f => f.Contains(named));
    }

    [Fact]
    public async Task The_defaults_are_the_seeds_rollback_triggers()
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        using var host = Fixtures.Services.Build(storage);
        var options = host.Services.GetRequiredService<IOptions<GuardianOptions>>().Value;
        Assert.Equal((3, 5, 2.0, 5.0, 3.0, 7), (options.ConsecutiveFailuresToLock, options.MaxFailuresPerHour, options.AccountFailureRatePercent,
            options.OrgFailureRatePercent, options.DailyFailureRatePercent, options.ShadowAfterDays));
        Assert.False(options.UsesWebhook);
    }
}
