using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Steward.Commerce.Restock;

/// <summary>
/// Hands each notification to the shop's own sender: a JSON POST to <see cref="NotificationOptions.WebhookUrl"/>, signed
/// with HMAC-SHA256 when a secret is configured. Only a 2xx answer counts as sent; then the notification is recorded in
/// <c>notifications</c> too, so admins see what went out whichever notifier is in use.
/// </summary>
internal sealed class WebhookNotifier(IHttpClientFactory httpClients, NotificationStore store, IOptions<NotificationOptions> options, TimeProvider time)
    : INotifier
{
    public const string HttpClientName = "steward-notification-webhook";
    public const string SignatureHeader = "X-Steward-Signature";
    public const string IdempotencyHeader = "Idempotency-Key";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// The body the webhook receives. <paramref name="IdempotencyKey"/> is the same for every attempt at one notification
    /// (the id is not), so a receiver that has seen it can drop a repeat.
    /// </summary>
    internal sealed record Payload(
        string Id, string IdempotencyKey, string OrgId, string Kind, string Channel, string Recipient, string Message, string? Reference,
        DateTimeOffset CreatedAt);

    public async Task<NotificationReceipt> SendAsync(string orgId, Notification notification, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var id = NotificationStore.NewId();
        var idempotencyKey = notification.Reference is { } reference ? $"{orgId}:{notification.Kind}:{reference}" : $"{orgId}:{id}";
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new Payload(id, idempotencyKey, orgId, notification.Kind, notification.Channel, notification.Recipient, notification.Message,
                notification.Reference, time.GetUtcNow()),
            Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(IdempotencyHeader, idempotencyKey);
        if (!string.IsNullOrEmpty(settings.WebhookSecret))
        {
            request.Headers.Add(SignatureHeader, Sign(settings.WebhookSecret, body));
        }

        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new NotificationFailedException($"The notification webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
        }
        catch (HttpRequestException ex)
        {
            throw new NotificationFailedException($"The notification webhook could not be reached ({ex.HttpRequestError}).", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NotificationFailedException($"The notification webhook did not answer within {settings.WebhookTimeout.TotalSeconds:0.#} seconds.", ex);
        }

        await store.RecordAsync(orgId, id, notification, cancellationToken);
        return new NotificationReceipt(id);
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the exact body bytes, keyed with the UTF-8 secret.</summary>
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body));
}
