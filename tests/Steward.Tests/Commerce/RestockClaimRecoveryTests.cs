using Steward.Commerce.Restock;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Commerce;

/// <summary>A dispatcher that stopped between claiming a subscription and completing it (the process died mid-send).</summary>
public class RestockClaimRecoveryTests
{
    private static readonly TimeSpan ClaimTimeout = new RestockOptions().ClaimTimeout;

    private static async Task<(RestockTestHost Shop, FrozenClock Clock)> StartAsync(string backend)
    {
        var clock = FrozenClock.MidWindow();
        return (await RestockTestHost.StartAsync(backend, configure: services => FrozenClock.Install(services, clock)), clock);
    }

    /// <summary>Claims the subscription the way a dispatcher does, and returns the claim's token.</summary>
    private static async Task<string> ClaimAsync(RestockTestHost shop, RestockSubscription subscription)
    {
        var token = RestockClaims.NewToken();
        Assert.True(await shop.Services.GetRequiredService<RestockClaims>().ClaimAsync(RestockTestHost.Org, subscription.Id, token, CancellationToken.None));
        return token;
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_claim_that_was_never_sent_is_released_after_the_claim_timeout_and_sent_once(string backend)
    {
        var (shop, clock) = await StartAsync(backend);
        await using var _ = shop;
        var subscription = await shop.SubscribeAsync("010-1234-5678");
        await shop.RestockAsync();
        await ClaimAsync(shop, subscription);

        Assert.Equal(RestockDispatchResult.None, await shop.DispatchAsync());
        clock.Advance(ClaimTimeout - TimeSpan.FromSeconds(1));
        Assert.Equal(RestockDispatchResult.None, await shop.DispatchAsync());

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(new RestockDispatchResult(1, 1, 0, 0, 1), await shop.DispatchAsync());
        var sent = Assert.Single(await shop.NotificationsAsync());
        Assert.Equal(sent.Id, Assert.Single(await shop.SubscriptionsAsync()).NotificationId);
        Assert.Equal(RestockDispatchResult.None, await shop.DispatchAsync());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_claim_whose_notification_was_recorded_is_completed_without_sending_again(string backend)
    {
        var (shop, clock) = await StartAsync(backend);
        await using var _ = shop;
        var subscription = await shop.SubscribeAsync("010-1234-5678");
        await shop.RestockAsync();
        await ClaimAsync(shop, subscription);
        await shop.Services.GetRequiredService<NotificationStore>().RecordAsync(RestockTestHost.Org, "nt_sent_before_crash",
            new Notification(NotificationKinds.Restock, NotificationChannels.Sms, subscription.Contact, "재입고 알림", subscription.Id), CancellationToken.None);

        clock.Advance(ClaimTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal(new RestockDispatchResult(0, 0, 0, 0, 1), await shop.DispatchAsync());
        Assert.Single(await shop.NotificationsAsync());
        Assert.Equal("nt_sent_before_crash", Assert.Single(await shop.SubscriptionsAsync()).NotificationId);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_released_claim_gives_way_to_the_customers_newer_subscription(string backend)
    {
        var (shop, clock) = await StartAsync(backend);
        await using var _ = shop;
        var first = await shop.SubscribeAsync("010-1234-5678");
        await ClaimAsync(shop, first);
        var again = await shop.SubscribeAsync("010-1234-5678");
        Assert.NotEqual(first.Id, again.Id);
        await shop.RestockAsync();

        clock.Advance(ClaimTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal(new RestockDispatchResult(1, 1, 0, 0, 1), await shop.DispatchAsync());
        Assert.Equal(again.Id, Assert.Single(await shop.SubscriptionsAsync()).Id);
        Assert.Equal(again.Id, Assert.Single(await shop.NotificationsAsync()).Reference);
    }
}
