using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Steward.Guardian;

/// <summary>
/// Tells a chat channel about every switch change: a Slack-compatible JSON POST (<c>text</c>, plus the fields for other
/// receivers) to <see cref="GuardianOptions.WebhookUrl"/>. Fired and forgotten with a timeout: a slow or failing webhook
/// is logged and never holds up a send or an admin's request.
/// </summary>
public sealed partial class GuardianWebhook(IHttpClientFactory httpClients, IOptions<GuardianOptions> options, ILogger<GuardianWebhook> logger)
{
    public const string HttpClientName = "steward-guardian-webhook";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The body: Slack reads <see cref="Text"/>; the rest is for receivers that want the fields.</summary>
    public sealed record Payload(
        string Text, string OrgId, string Switch, string? AccountId, bool On, string ChangedBy, string? Rule, string Reason, DateTimeOffset At);

    public static string Describe(string orgId, GuardianChange change)
    {
        var target = change.AccountId is null ? change.Switch : $"{change.Switch} for account '{change.AccountId}'";
        var verb = change.On ? "turned ON" : "turned off";
        var by = change.Rule is { } rule && change.On ? $"rule {rule}" : change.ChangedBy;
        return $":rotating_light: Steward guardian ({orgId}): {target} {verb} by {by}: {change.Reason}";
    }

    /// <summary>Starts the POST and returns at once; the task is for tests and shutdown, callers need not await it.</summary>
    public Task NotifyAsync(string orgId, GuardianChange change, DateTimeOffset at)
    {
        var settings = options.Value;
        if (!settings.UsesWebhook)
        {
            return Task.CompletedTask;
        }

        var payload = new Payload(Describe(orgId, change), orgId, change.Switch, change.AccountId, change.On, change.ChangedBy, change.Rule, change.Reason, at);
        return Task.Run(() => PostAsync(settings.WebhookUrl!, payload));
    }

    private async Task PostAsync(string url, Payload payload)
    {
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).PostAsJsonAsync(url, payload, Json);
            if (!response.IsSuccessStatusCode)
            {
                LogWebhookRefused(logger, payload.OrgId, payload.Switch, (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            LogWebhookFailed(logger, ex, payload.OrgId, payload.Switch);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guardian webhook for org {OrgId}, switch {Switch}: answered {StatusCode}")]
    private static partial void LogWebhookRefused(ILogger logger, string orgId, string @switch, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guardian webhook for org {OrgId}, switch {Switch}: not delivered")]
    private static partial void LogWebhookFailed(ILogger logger, Exception exception, string orgId, string @switch);
}
