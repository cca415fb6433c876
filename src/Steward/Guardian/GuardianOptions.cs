using System.ComponentModel.DataAnnotations;

namespace Steward.Guardian;

/// <summary>
/// The guardian's thresholds (seed 000's rollback triggers) and its webhook. Rates are percentages of the sends in the
/// window; no rate rule fires before its window holds the minimum sample.
/// </summary>
public sealed class GuardianOptions : IValidatableObject
{
    public const string Section = "Steward:Guardian";

    /// <summary>This many failed sends in a row on one account lock it. Default 3.</summary>
    [Range(1, 1000)]
    public int ConsecutiveFailuresToLock { get; set; } = 3;

    /// <summary>More than this many failed sends in the last hour (org-wide) put the org in global test mode. Default 5.</summary>
    [Range(0, 1_000_000)]
    public int MaxFailuresPerHour { get; set; } = 5;

    /// <summary>A 24-hour failure rate at or above this on one account locks it. Default 2 %.</summary>
    [Range(0.01, 100)]
    public double AccountFailureRatePercent { get; set; } = 2;

    /// <summary>A 24-hour failure rate at or above this org-wide puts the org in global test mode. Default 5 %.</summary>
    [Range(0.01, 100)]
    public double OrgFailureRatePercent { get; set; } = 5;

    /// <summary>Sends a 24-hour window must hold before a rate rule may fire. Default 20.</summary>
    [Range(1, 1_000_000)]
    public int MinimumSample { get; set; } = 20;

    /// <summary>A daily failure rate (org-wide, the org's local days) at or above this on <see cref="ShadowAfterDays"/> days in a row: shadow mode. Default 3 %.</summary>
    [Range(0.01, 100)]
    public double DailyFailureRatePercent { get; set; } = 3;

    /// <summary>How many bad days in a row put the org back into shadow mode. Default 7.</summary>
    [Range(1, 90)]
    public int ShadowAfterDays { get; set; } = 7;

    /// <summary>Sends each of those days must hold to count as bad. Default 20.</summary>
    [Range(1, 1_000_000)]
    public int MinimumDailySample { get; set; } = 20;

    /// <summary>How long a snapshot is reused on one instance; changes made on another instance show after at most this. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan SnapshotCacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Absolute http(s) URL that receives every switch change as Slack-compatible JSON. Empty (default): none.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>How long the webhook may take; a failure is logged and never holds up a send. Default 5 s, at most 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool UsesWebhook => !string.IsNullOrWhiteSpace(WebhookUrl);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesWebhook && !(Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult($"{Section}:WebhookUrl: '{WebhookUrl}' is not an absolute http or https URL.", [nameof(WebhookUrl)]);
        }

        if (AccountFailureRatePercent > OrgFailureRatePercent)
        {
            yield return new ValidationResult(
                $"{Section}:AccountFailureRatePercent ({AccountFailureRatePercent}) is above OrgFailureRatePercent ({OrgFailureRatePercent}): an account would never be locked before the whole org.",
                [nameof(AccountFailureRatePercent)]);
        }
    }
}
