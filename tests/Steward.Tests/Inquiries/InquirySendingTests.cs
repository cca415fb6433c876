using System.Text.Json;
using Steward.Inquiries;
using Steward.Inquiries.Sending;
using Steward.Tests.Fixtures;
using static Steward.Tests.Inquiries.InquiryFixtures;

namespace Steward.Tests.Inquiries;

/// <summary>Ingestion, and exactly-once sending against a fake Cafe24 market that counts the replies it holds.</summary>
public class InquirySendingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Ingestion_is_idempotent_even_when_concurrent(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        await using var market = await FakeMarket.StartAsync();
        using var host = await HostAsync(storage, market, FrozenClock.MidWindow());
        var store = host.Services.GetRequiredService<InquiryStore>();
        var inquiry = new NewInquiry("CAFE24", "mall-1", "2:7", "환불 문의", "P-1", "20260302-0000001");

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.IngestAsync(Org, inquiry, None))));

        Assert.Single(results, result => result.Created);
        Assert.Single(results.Select(result => result.Inquiry.Id).Distinct());
        var stored = Assert.Single(await store.ListAsync(Org, null, null, 10, 0, None));
        Assert.Equal((InquiryStatus.New, "2:7", "P-1", 0, (string?)null), (stored.Status, stored.MarketInquiryId, stored.ProductRef, stored.SendAttempts, stored.SendStatus));
        Assert.False((await store.IngestAsync(Org, inquiry, None)).Created);
        var decided = await store.RecordDecisionAsync(Org, stored.Id, new InquiryDecision("refund", 0.9, "초안", InquiryStatus.AutoSend, null, null, [], NoContext), None);
        Assert.Equal(("초안", "초안"), (decided.Draft, decided.FinalText));
        var edited = (await store.UpdateDraftAsync(Org, stored.Id, "고친 답변", None))!;
        Assert.Equal(("고친 답변", "고친 답변"), (edited.Draft, edited.FinalText));
        Assert.True((await store.IngestAsync(Org, inquiry with { AccountId = "mall-2" }, None)).Created);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Concurrent_claims_take_disjoint_batches_never_larger_than_asked(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        await using var market = await FakeMarket.StartAsync();
        using var host = await HostAsync(storage, market, FrozenClock.MidWindow());
        var inquiries = await AutoSendAsync(host, 120);
        var store = host.Services.GetRequiredService<InquiryStore>();

        var batches = new System.Collections.Concurrent.ConcurrentBag<IReadOnlyList<Inquiry>>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            IReadOnlyList<Inquiry> batch;
            do
            {
                batch = await store.ClaimDueAsync(5, None);
                batches.Add(batch);
            }
            while (batch.Count > 0);
        })));

        Assert.All(batches, batch => Assert.InRange(batch.Count, 0, 5));
        var claimed = batches.SelectMany(batch => batch.Select(inquiry => inquiry.Id)).ToList();
        Assert.Equal(inquiries.Select(i => i.Id).Order(), claimed.Order());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Sixteen_concurrent_senders_post_exactly_one_reply_each(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        await using var market = await FakeMarket.StartAsync();
        using var host = await HostAsync(storage, market, FrozenClock.MidWindow());
        var inquiries = await AutoSendAsync(host, 40);
        var sender = host.Services.GetRequiredService<InquirySender>();

        // Half the senders drain the due queue as the worker does; the other half approve every inquiry by id.
        await Task.WhenAll(Enumerable.Range(0, 16).Select(n => Task.Run(async () =>
        {
            if (n % 2 == 0)
            {
                while (await sender.SendDueAsync(None) > 0)
                {
                }
            }
            else
            {
                foreach (var inquiry in inquiries.OrderBy(_ => Random.Shared.Next()))
                {
                    await sender.SendAsync(Org, inquiry.Id, None);
                }
            }
        })));

        Assert.All(inquiries, inquiry => Assert.Equal(1, market.Count(inquiry.MarketInquiryId)));
        var store = host.Services.GetRequiredService<InquiryStore>();
        foreach (var inquiry in inquiries)
        {
            var sent = (await store.GetAsync(Org, inquiry.Id, None))!;
            Assert.Equal((InquiryStatus.Sent, SendStatus.Sent, 1, (string?)null), (sent.Status, sent.SendStatus, sent.SendAttempts, sent.LastSendError));
            Assert.NotNull(sent.SentAt);
            Assert.Equal("SENT", sent.CsMetadata.GetProperty("send_status").GetString());
        }

        Assert.Equal(40, await store.CountSentAsync(Org, "mall-1", DateTimeOffset.UnixEpoch, None));
    }

    [Theory]
    [MemberData(nameof(Backends.PostgresOnly), MemberType = typeof(Backends))]
    public async Task Two_instances_on_one_database_post_exactly_one_reply_each(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        await using var market = await FakeMarket.StartAsync();
        var clock = FrozenClock.MidWindow();
        using var first = await HostAsync(storage, market, clock);
        using var second = await HostAsync(storage, market, clock, init: false);
        var inquiries = await AutoSendAsync(first, 60);

        await Task.WhenAll(new[] { first, second }.SelectMany(host => Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var sender = host.Services.GetRequiredService<InquirySender>();
            while (await sender.SendDueAsync(None) > 0)
            {
            }
        }))));

        Assert.All(inquiries, inquiry => Assert.Equal(1, market.Count(inquiry.MarketInquiryId)));
        Assert.Equal(60, await second.Services.GetRequiredService<InquiryStore>().CountSentAsync(Org, "mall-1", DateTimeOffset.UnixEpoch, None));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_sender_killed_after_the_market_accepted_is_reconciled_to_sent_without_a_second_reply(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        await using var market = await FakeMarket.StartAsync();
        var clock = FrozenClock.MidWindow();
        using var host = await HostAsync(storage, market, clock);
        var inquiry = (await AutoSendAsync(host, 1)).Single();
        var store = host.Services.GetRequiredService<InquiryStore>();
        var sender = host.Services.GetRequiredService<InquirySender>();

        // The sender's first two steps, then the process "dies": the market holds the reply, the commit never happens.
        var claimed = (await store.ClaimAsync(Org, inquiry.Id, None))!;
        Assert.Equal(("SENDING", 1), (claimed.CsMetadata.GetProperty("send_status").GetString(), claimed.CsMetadata.GetProperty("send_attempts").GetInt32()));
        var client = (await host.Services.GetRequiredService<IMarketReplyClients>().ForAsync(claimed, None))!;
        Assert.True((await client.SendReplyAsync(claimed, claimed.FinalText!, None)).Accepted);

        Assert.Equal(InquirySendOutcomes.NotClaimed, (await sender.SendAsync(Org, inquiry.Id, None)).Outcome);
        Assert.Equal(0, await sender.SendDueAsync(None));
        Assert.Equal(0, await sender.ReconcileAsync(None));

        clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await sender.ReconcileAsync(None));

        var reconciled = (await store.GetAsync(Org, inquiry.Id, None))!;
        Assert.Equal((InquiryStatus.Sent, SendStatus.Sent, 1), (reconciled.Status, reconciled.SendStatus, reconciled.SendAttempts));
        Assert.Equal(1, market.Count(inquiry.MarketInquiryId));
        Assert.Equal(InquirySendOutcomes.NotClaimed, (await sender.SendAsync(Org, inquiry.Id, None)).Outcome);
        Assert.Equal(1, market.Count(inquiry.MarketInquiryId));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_market_that_times_out_after_accepting_gets_no_duplicate(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        await using var market = await FakeMarket.StartAsync();
        market.Mode = FakeMarketMode.AcceptThenHang;
        var clock = FrozenClock.MidWindow();
        using var host = await HostAsync(storage, market, clock, timeout: "00:00:00.300");
        var inquiry = (await AutoSendAsync(host, 1)).Single();
        var sender = host.Services.GetRequiredService<InquirySender>();

        var result = await sender.SendAsync(Org, inquiry.Id, None);

        Assert.Equal(InquirySendOutcomes.Unknown, result.Outcome);
        Assert.Equal((InquiryStatus.AutoSend, SendStatus.Sending), (result.Inquiry!.Status, result.Inquiry.SendStatus));
        Assert.Contains("timed out", result.Inquiry.LastSendError, StringComparison.Ordinal);
        Assert.Equal("SENDING", result.Inquiry.CsMetadata.GetProperty("send_status").GetString());

        // Neither the worker nor an approval sends it again while the outcome is unknown.
        market.Mode = FakeMarketMode.Accept;
        Assert.Equal(0, await sender.SendDueAsync(None));
        Assert.Equal(InquirySendOutcomes.NotClaimed, (await sender.SendAsync(Org, inquiry.Id, None)).Outcome);

        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await sender.ReconcileAsync(None));
        var reconciled = (await host.Services.GetRequiredService<InquiryStore>().GetAsync(Org, inquiry.Id, None))!;
        Assert.Equal((InquiryStatus.Sent, SendStatus.Sent, (string?)null), (reconciled.Status, reconciled.SendStatus, reconciled.LastSendError));
        Assert.Equal(1, market.Count(inquiry.MarketInquiryId));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_refused_reply_is_send_failed_with_its_error_mirrored_and_a_lost_claim_with_no_reply_is_sendable_again(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        await using var market = await FakeMarket.StartAsync();
        market.Mode = FakeMarketMode.Refuse;
        var clock = FrozenClock.MidWindow();
        using var host = await HostAsync(storage, market, clock);
        var (refused, lost) = (await AutoSendAsync(host, 2)) switch { var list => (list[0], list[1]) };
        var store = host.Services.GetRequiredService<InquiryStore>();
        var sender = host.Services.GetRequiredService<InquirySender>();

        var result = await sender.SendAsync(Org, refused.Id, None);

        Assert.Equal(InquirySendOutcomes.Failed, result.Outcome);
        var failed = result.Inquiry!;
        Assert.Equal((InquiryStatus.SendFailed, SendStatus.SendFailed, 1, (DateTimeOffset?)null), (failed.Status, failed.SendStatus, failed.SendAttempts, failed.SentAt));
        Assert.Equal("cafe24 422: 422", failed.LastSendError);
        Assert.Equal(
            ("SEND_FAILED", 1, "cafe24 422: 422", JsonValueKind.Null),
            (failed.CsMetadata.GetProperty("send_status").GetString(), failed.CsMetadata.GetProperty("send_attempts").GetInt32(),
             failed.CsMetadata.GetProperty("last_send_error").GetString(), failed.CsMetadata.GetProperty("sent_at").ValueKind));
        Assert.Equal(0, market.Count(refused.MarketInquiryId));

        // A claim whose market call never happened: reconciliation finds no reply, so it may be sent again, once.
        market.Mode = FakeMarketMode.Accept;
        Assert.NotNull(await store.ClaimAsync(Org, lost.Id, None));
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await sender.ReconcileAsync(None));
        Assert.Equal(SendStatus.SendFailed, (await store.GetAsync(Org, lost.Id, None))!.SendStatus);

        foreach (var id in new[] { refused.Id, lost.Id })
        {
            var retried = await sender.SendAsync(Org, id, None);
            Assert.Equal((InquirySendOutcomes.Sent, 2), (retried.Outcome, retried.Inquiry!.SendAttempts));
        }

        Assert.Equal((1, 1), (market.Count(refused.MarketInquiryId), market.Count(lost.MarketInquiryId)));
    }

    [Fact]
    public async Task The_guardian_hears_every_finished_send_but_not_an_unknown_one()
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        await using var market = await FakeMarket.StartAsync();
        var guardian = new RecordingGuardian();
        var clock = FrozenClock.MidWindow();
        using var host = await HostAsync(storage, market, clock,
            configure: services => services.AddSingleton<Steward.Guardian.IGuardian>(guardian));
        var inquiries = await AutoSendAsync(host, 3);
        var sender = host.Services.GetRequiredService<InquirySender>();

        await sender.SendAsync(Org, inquiries[0].Id, None);
        market.Mode = FakeMarketMode.Refuse;
        await sender.SendAsync(Org, inquiries[1].Id, None);
        market.Mode = FakeMarketMode.AcceptThenFail;
        await sender.SendAsync(Org, inquiries[2].Id, None);
        Assert.Equal([(inquiries[0].Id, true), (inquiries[1].Id, false)], guardian.Outcomes.Select(o => (o.InquiryId, o.Succeeded)));

        clock.Advance(TimeSpan.FromMinutes(11));
        await sender.ReconcileAsync(None);
        var last = guardian.Outcomes.Last();
        Assert.Equal((inquiries[2].Id, true, "mall-1", "CAFE24"), (last.InquiryId, last.Succeeded, last.AccountId, last.MarketCode));
        Assert.Equal("cafe24 422: 422", guardian.Outcomes.ElementAt(1).Error);
    }
}
