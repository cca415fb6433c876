using System.ComponentModel.DataAnnotations;

namespace Steward.Commerce.Restock;

/// <summary>
/// How customer notifications leave Steward. Without a webhook they are only recorded (the sandbox); with one, each is
/// POSTed as JSON to the shop's sender and recorded once it accepted it.
/// </summary>
public sealed class NotificationOptions : IValidatableObject
{
    public const string Section = "Steward:Notifications";

    /// <summary>Absolute http(s) URL that receives every notification as a JSON POST. Empty (default): the sandbox notifier.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>When set, each POST carries <c>X-Steward-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How long the webhook may take to answer before the send counts as failed. Default 10 seconds, at most 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool UsesWebhook => !string.IsNullOrWhiteSpace(WebhookUrl);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesWebhook && !(Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult($"{Section}:WebhookUrl: '{WebhookUrl}' is not an absolute http or https URL.", [nameof(WebhookUrl)]);
        }

        if (!UsesWebhook && !string.IsNullOrEmpty(WebhookSecret))
        {
            yield return new ValidationResult($"{Section}:WebhookSecret is set but {Section}:WebhookUrl is not.", [nameof(WebhookSecret)]);
        }
    }
}
