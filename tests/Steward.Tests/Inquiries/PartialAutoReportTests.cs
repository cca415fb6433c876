using System.Net;
using System.Text.Json;
using Steward.Inquiries;
using Steward.Inquiries.Gates;
using Steward.Tests.Fixtures;
using static Steward.Tests.Inquiries.InquiryFixtures;

namespace Steward.Tests.Inquiries;

/// <summary>Shadow mode's report and seed 000's pre-unlock checks, counted per day of the org (Asia/Seoul).</summary>
public class PartialAutoReportTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Inquiries_are_counted_by_what_happened_per_local_day_and_the_checks_fail_below_their_bars(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        await using var market = await FakeMarket.StartAsync();
        var clock = new FrozenClock(Kst(2026, 3, 1, 23, 59, 59));
        using var host = await HostAsync(storage, market, clock);
        var store = host.Services.GetRequiredService<InquiryStore>();

        // Sunday 23:59:59 KST (14:59:59 UTC): sent automatically. One second later it is Monday in Seoul, still Sunday in UTC.
        await SendAsync(store, await DecideAsync(store, "q-1", InquiryStatus.AutoSend, null), accepted: true);
        clock.Advance(TimeSpan.FromSeconds(1));
        await DecideAsync(store, "q-2", InquiryStatus.AiDrafted, GateReasons.ShadowMode);
        clock.Advance(TimeSpan.FromHours(10));
        await DecideAsync(store, "q-3", InquiryStatus.AiDrafted, GateReasons.LowConfidence);
        await DecideAsync(store, "q-4", InquiryStatus.Escalated, GateReasons.EscalationKeyword);
        await SendAsync(store, await DecideAsync(store, "q-5", InquiryStatus.AutoSend, null), accepted: false);
        var rejected = await DecideAsync(store, "q-6", InquiryStatus.AiDrafted, GateReasons.OutsideBusinessHours);
        await store.RejectAsync(Org, rejected.Id, "spam", None);

        var report = await host.Services.GetRequiredService<PartialAutoReporter>().ReportAsync(Org, 2, None);

        Assert.Equal(("2026-03-01", "2026-03-02", "Asia/Seoul"), (report.From, report.To, report.TimeZone));
        Assert.Equal(
            [
                new PartialAutoDay("2026-03-01", Received: 1, AutoSent: 1, WouldAutoSend: 0, Drafted: 0, Escalated: 0, Rejected: 0, Sent: 1, Failed: 0),
                new PartialAutoDay("2026-03-02", Received: 5, AutoSent: 1, WouldAutoSend: 1, Drafted: 2, Escalated: 1, Rejected: 1, Sent: 0, Failed: 1),
            ],
            report.Days);
        Assert.Equal(new PartialAutoDay("2026-03-01..2026-03-02", 6, 2, 1, 2, 1, 1, 1, 1), report.Totals);
        Assert.Equal(
            new Dictionary<string, int>
            {
                [GateReasons.EscalationKeyword] = 1, [GateReasons.LowConfidence] = 1, [InquiryStore.RejectedCode] = 1, [GateReasons.ShadowMode] = 1,
            },
            report.BlockedBy);
        Assert.Equal([("candidates_per_day", 1.5, false), ("send_failed_percent", 50.0, false)], report.Readiness.Select(c => (c.Name, c.Value, c.Passed)));
        Assert.False(report.Ready);

        // The report of one day leaves Sunday out.
        var today = await host.Services.GetRequiredService<PartialAutoReporter>().ReportAsync(Org, 1, None);
        Assert.Equal(5, Assert.Single(today.Days).Received);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Ten_candidates_a_day_and_few_failures_make_the_org_ready(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        await using var market = await FakeMarket.StartAsync();
        using var host = await HostAsync(storage, market, FrozenClock.MidWindow());
        var store = host.Services.GetRequiredService<InquiryStore>();
        for (var i = 0; i < 9; i++)
        {
            await DecideAsync(store, $"shadow-{i}", InquiryStatus.AiDrafted, GateReasons.ShadowMode);
        }

        await SendAsync(store, await DecideAsync(store, "auto", InquiryStatus.AutoSend, null), accepted: true);
        var reporter = host.Services.GetRequiredService<PartialAutoReporter>();

        var report = await reporter.ReportAsync(Org, 1, None);
        Assert.Equal([("candidates_per_day", 10.0, true), ("send_failed_percent", 0.0, true)], report.Readiness.Select(c => (c.Name, c.Value, c.Passed)));
        Assert.True(report.Ready);
        Assert.False((await reporter.ReportAsync(Org, 2, None)).Ready); // 10 over two days is 5 a day
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_report_is_for_agents_and_checks_its_period(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        var agent = server.CreateClient(await server.CreateKeyAsync("agent"));
        var viewer = server.CreateClient(await server.CreateKeyAsync("viewer"));

        var report = JsonDocument.Parse(await (await agent.GetAsync("/api/partial-auto/report")).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(30, report.GetProperty("days").GetArrayLength());
        Assert.False(report.GetProperty("ready").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/partial-auto/report")).StatusCode);
        foreach (var days in new[] { "0", "91", "x" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await agent.GetAsync($"/api/partial-auto/report?days={days}")).StatusCode);
        }
    }

    private static DateTimeOffset Kst(int year, int month, int day, int hour, int minute, int second) =>
        new(year, month, day, hour, minute, second, TimeSpan.FromHours(9));

    private static async Task<Inquiry> DecideAsync(InquiryStore store, string marketId, string status, string? blockCode)
    {
        var (inquiry, _) = await store.IngestAsync(Org, new NewInquiry("CAFE24", "mall-1", marketId, "배송 언제 되나요?"), None);
        return await store.RecordDecisionAsync(Org, inquiry.Id,
            new InquiryDecision("배송문의", 0.9, "내일 출고됩니다.", status, blockCode, blockCode, [], NoContext), None);
    }

    private static async Task SendAsync(InquiryStore store, Inquiry inquiry, bool accepted)
    {
        var claimed = (await store.ClaimAsync(Org, inquiry.Id, None))!;
        Assert.NotNull(await store.CompleteAsync(claimed, accepted, accepted ? null : "refused", None));
    }
}
