using System.Text.Json;
using Steward.Commerce.Restock;
using Steward.Tests.Fixtures;
using Steward.Tools;

namespace Steward.Tests.Commerce;

public class RestockDispatchTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_waiting_customer_is_told_once_when_the_product_is_back_and_not_before(string backend)
    {
        await using var shop = await RestockTestHost.StartAsync(backend);
        var subscription = await shop.SubscribeAsync("010-1234-5678");

        Assert.Equal(new RestockDispatchResult(1, 0, 0, 1, 0), await shop.DispatchAsync());
        Assert.Empty(await shop.NotificationsAsync());

        await shop.RestockAsync();
        Assert.Equal(new RestockDispatchResult(1, 1, 0, 0, 0), await shop.DispatchAsync());
        var sent = Assert.Single(await shop.NotificationsAsync());
        var product = await shop.Shop.GetProductAsync(RestockTestHost.ProductNo, CancellationToken.None);
        Assert.Equal(("restock", "sms", "010-1234-5678", subscription.Id), (sent.Kind, sent.Channel, sent.Recipient, sent.Reference));
        Assert.Equal($"[데모샵] 재입고 알림: {product!.Name}이(가) 다시 입고되었습니다. 지금 주문하실 수 있어요.", sent.Message);
        var notified = Assert.Single(await shop.SubscriptionsAsync());
        Assert.NotNull(notified.NotifiedAt);
        Assert.Equal(sent.Id, notified.NotificationId);

        Assert.Equal(RestockDispatchResult.None, await shop.DispatchAsync());
        Assert.Single(await shop.NotificationsAsync());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Eight_concurrent_dispatches_notify_each_subscription_exactly_once(string backend)
    {
        await using var shop = await RestockTestHost.StartAsync(backend);
        var phones = Enumerable.Range(0, 5).Select(i => $"010-2000-000{i}").ToList();
        foreach (var phone in phones)
        {
            await shop.SubscribeAsync(phone);
        }

        await shop.RestockAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => shop.DispatchAsync())));

        Assert.Equal(phones.Count, results.Sum(r => r.Notified));
        Assert.All(results, r => Assert.Equal(0, r.Failed));
        var sent = await shop.NotificationsAsync();
        Assert.Equal(phones.Order(), sent.Select(n => n.Recipient).Order());
        var subscriptions = await shop.SubscriptionsAsync();
        Assert.Equal(sent.Select(n => n.Id).Order(), subscriptions.Select(s => s.NotificationId).Order());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_product_number_dispatches_only_that_product(string backend)
    {
        await using var shop = await RestockTestHost.StartAsync(backend);
        const long other = RestockTestHost.ProductNo + 1;
        await shop.RestockAsync(0, other);
        await shop.SubscribeAsync("010-1234-5678");
        await shop.SubscribeAsync("010-1234-5678", other);
        await shop.RestockAsync();
        await shop.RestockAsync(3, other);

        Assert.Equal(new RestockDispatchResult(1, 1, 0, 0, 0), await shop.DispatchAsync(other));
        Assert.Equal(other, (await shop.SubscriptionsAsync()).Single(s => s.NotificationId is not null).ProductNo);
        Assert.Equal(new RestockDispatchResult(1, 1, 0, 0, 0), await shop.DispatchAsync());
        Assert.Equal(2, (await shop.NotificationsAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_customer_subscribed_through_the_tool_is_notified_when_stock_returns(string backend)
    {
        await using var shop = await RestockTestHost.StartAsync(backend);
        var invoker = shop.Services.GetRequiredService<ToolInvoker>();
        var outcome = await invoker.InvokeAsync(
            new ToolCallRequest(RestockTestHost.Org, "subscribe_restock",
                JsonSerializer.SerializeToElement(new { product_no = RestockTestHost.ProductNo, phone = "01098765432" }),
                new ToolCaller("user", "admin"), ToolCallMode.Interactive, "session-1"),
            CancellationToken.None);
        Assert.Equal(ToolDecision.Allowed, outcome.Decision);
        Assert.False(outcome.Result.IsError, outcome.Result.Error?.Message);
        var subscriptionId = outcome.Result.Data!.Value.GetProperty("subscription_id").GetString();

        Assert.Equal(0, (await shop.DispatchAsync()).Notified);
        await shop.RestockAsync();
        Assert.Equal(1, (await shop.DispatchAsync()).Notified);

        var sent = Assert.Single(await shop.NotificationsAsync());
        Assert.Equal(("010-9876-5432", subscriptionId), (sent.Recipient, sent.Reference));
        Assert.Equal("session-1", Assert.Single(await shop.SubscriptionsAsync()).SessionId);
    }
}
