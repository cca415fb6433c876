using Steward.Audit;
using Steward.Guardian;
using Steward.Inquiries;
using Steward.Inquiries.Gates;
using Steward.Inquiries.Sending;
using Steward.Tests.Fixtures;
using static Steward.Tests.Inquiries.InquiryFixtures;

namespace Steward.Tests.Inquiries;

/// <summary>
/// Switches thrown between the decision and the send: the sender reads them again before every automatic reply, so a
/// kill switch also stops what was already decided. A person's approval is not stopped.
/// </summary>
public class SendTimeSwitchTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_switch_thrown_after_the_decision_sends_the_inquiry_back_to_the_queue(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        await using var market = await FakeMarket.StartAsync();
        using var host = await HostAsync(storage, market, FrozenClock.MidWindow());
        var inquiries = await AutoSendAsync(host, 3);
        var guardian = host.Services.GetRequiredService<GuardianService>();
        await guardian.ChangeAsync(Org, new GuardianChange(GuardianSwitches.AccountLock, "mall-1", true, "admin", GuardianRules.Manual, "drill", null),
            AuditActor.Cli, None);
        var sender = host.Services.GetRequiredService<InquirySender>();

        Assert.Equal(3, await sender.SendDueAsync(None));

        var store = host.Services.GetRequiredService<InquiryStore>();
        foreach (var inquiry in inquiries)
        {
            Assert.Equal(0, market.Count(inquiry.MarketInquiryId));
            var held = (await store.GetAsync(Org, inquiry.Id, None))!;
            Assert.Equal((InquiryStatus.AiDrafted, (string?)null, 0, GateReasons.GuardianAccountLocked), (held.Status, held.SendStatus, held.SendAttempts, held.BlockCode));
            Assert.Contains("before sending", held.BlockReason);
            Assert.Equal(0, held.CsMetadata.GetProperty("send_attempts").GetInt32());
        }

        Assert.Equal(0, await sender.SendDueAsync(None)); // not automatic any more
        var approved = await sender.SendAsync(Org, inquiries[0].Id, None); // a person still may
        Assert.Equal((InquirySendOutcomes.Sent, 1), (approved.Outcome, market.Count(inquiries[0].MarketInquiryId)));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Turning_partial_auto_off_stops_decided_automatic_replies(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        await using var market = await FakeMarket.StartAsync();
        using var host = await HostAsync(storage, market, FrozenClock.MidWindow());
        var inquiry = (await AutoSendAsync(host, 1)).Single();
        await host.Services.GetRequiredService<PartialAutoSettingsStore>().SetAsync(Org, new PartialAutoSettings { Enabled = false }, AuditActor.Cli, None);

        await host.Services.GetRequiredService<InquirySender>().SendDueAsync(None);

        var held = (await host.Services.GetRequiredService<InquiryStore>().GetAsync(Org, inquiry.Id, None))!;
        Assert.Equal((InquiryStatus.AiDrafted, GateReasons.PartialAutoDisabled, 0), (held.Status, held.BlockCode, market.Count(inquiry.MarketInquiryId)));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_daily_quota_counts_automatic_replies_decided_but_not_yet_sent(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        await using var market = await FakeMarket.StartAsync();
        using var host = await HostAsync(storage, market, FrozenClock.MidWindow());
        var store = host.Services.GetRequiredService<InquiryStore>();
        var sent = (await AutoSendAsync(host, 1)).Single();
        await host.Services.GetRequiredService<InquirySender>().SendAsync(Org, sent.Id, None);
        await AutoSendAsync(host, 2, first: 2); // decided, the sender has not run yet

        Assert.Equal(1, await store.CountSentAsync(Org, "mall-1", DateTimeOffset.UnixEpoch, None));
        Assert.Equal(3, await store.CountQuotaUsedAsync(Org, "mall-1", DateTimeOffset.UnixEpoch, None));
        Assert.Equal(0, await store.CountQuotaUsedAsync(Org, "mall-2", DateTimeOffset.UnixEpoch, None));
    }
}
