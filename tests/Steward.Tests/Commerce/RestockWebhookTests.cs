using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Steward.Commerce.Restock;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Commerce;

public class RestockWebhookTests
{
    private const string Secret = "whsec-test-0123456789";

    private static Task<RestockTestHost> StartAsync(string backend, WebhookReceiver receiver, string timeout = "00:00:05") =>
        RestockTestHost.StartAsync(backend, new Dictionary<string, string?>
        {
            ["Steward:Notifications:WebhookUrl"] = receiver.Url,
            ["Steward:Notifications:WebhookSecret"] = Secret,
            ["Steward:Notifications:WebhookTimeout"] = timeout,
        });

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_webhook_receives_the_notification_as_json_signed_with_the_secret(string backend)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var shop = await StartAsync(backend, receiver);
        Assert.IsType<WebhookNotifier>(shop.Services.GetRequiredService<INotifier>());
        var subscription = await shop.SubscribeAsync("010-1234-5678");
        await shop.RestockAsync();

        Assert.Equal(1, (await shop.DispatchAsync()).Notified);

        var hook = Assert.Single(receiver.Received);
        Assert.StartsWith("application/json", hook.ContentType);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), hook.Body)), hook.Signature);
        var body = JsonDocument.Parse(hook.Body).RootElement;
        var sent = Assert.Single(await shop.NotificationsAsync());
        Assert.Equal(sent.Id, body.GetProperty("id").GetString());
        Assert.Equal(RestockTestHost.Org, body.GetProperty("org_id").GetString());
        Assert.Equal("restock", body.GetProperty("kind").GetString());
        Assert.Equal("sms", body.GetProperty("channel").GetString());
        Assert.Equal("010-1234-5678", body.GetProperty("recipient").GetString());
        Assert.Equal(sent.Message, body.GetProperty("message").GetString());
        Assert.Contains("재입고 알림", sent.Message);
        Assert.Equal(subscription.Id, body.GetProperty("reference").GetString());
        Assert.Equal($"{RestockTestHost.Org}:restock:{subscription.Id}", body.GetProperty("idempotency_key").GetString());
        Assert.Equal(body.GetProperty("idempotency_key").GetString(), hook.IdempotencyKey);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_refused_send_releases_the_claim_and_a_later_dispatch_sends_it_once(string backend)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var shop = await StartAsync(backend, receiver);
        await shop.SubscribeAsync("010-1234-5678");
        await shop.RestockAsync();

        receiver.StatusCode = StatusCodes.Status500InternalServerError;
        Assert.Equal(new RestockDispatchResult(1, 0, 1, 0, 0), await shop.DispatchAsync());
        Assert.Empty(await shop.NotificationsAsync());
        var waiting = Assert.Single(await shop.SubscriptionsAsync());
        Assert.Equal((null, null), (waiting.NotifiedAt, waiting.NotificationId));

        receiver.StatusCode = StatusCodes.Status200OK;
        Assert.Equal(new RestockDispatchResult(1, 1, 0, 0, 0), await shop.DispatchAsync());
        Assert.Equal(RestockDispatchResult.None, await shop.DispatchAsync());

        Assert.Equal(2, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(hook => hook.IdempotencyKey).Distinct());
        var sent = Assert.Single(await shop.NotificationsAsync());
        Assert.Equal(sent.Id, Assert.Single(await shop.SubscriptionsAsync()).NotificationId);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_webhook_that_does_not_answer_in_time_is_a_failed_send(string backend)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromSeconds(30);
        await using var shop = await StartAsync(backend, receiver, timeout: "00:00:01");
        await shop.SubscribeAsync("010-1234-5678");
        await shop.RestockAsync();

        Assert.Equal(new RestockDispatchResult(1, 0, 1, 0, 0), await shop.DispatchAsync());
        Assert.Null(Assert.Single(await shop.SubscriptionsAsync(waitingOnly: true)).NotificationId);
        Assert.Empty(await shop.NotificationsAsync());
    }

    [Theory]
    [InlineData("Steward:Notifications:WebhookUrl", "/relative/hook")]
    [InlineData("Steward:Notifications:WebhookUrl", "ftp://example.com/hook")]
    [InlineData("Steward:Notifications:WebhookSecret", "a secret without a URL")]
    [InlineData("Steward:Notifications:WebhookTimeout", "00:05:00")]
    public async Task Bad_notification_settings_are_refused(string key, string value)
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        using var host = Fixtures.Services.Build(storage, new Dictionary<string, string?> { [key] = value });
        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<NotificationOptions>>().Value);
        Assert.Contains(key.Split(':')[^1], error.Message);
    }
}
