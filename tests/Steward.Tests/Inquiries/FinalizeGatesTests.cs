using Steward.Guardian;
using Steward.Inquiries;
using Steward.Inquiries.Gates;
using Steward.Security;

namespace Steward.Tests.Inquiries;

/// <summary>Seed 000's finalize gates, each at its boundaries, with the clock given.</summary>
public class FinalizeGatesTests
{
    private static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    /// <summary>Monday 2026-03-02 in Seoul.</summary>
    private static DateTimeOffset Kst(int hour, int minute = 0, int second = 0, int day = 2) => new(2026, 3, day, hour, minute, second, TimeSpan.FromHours(9));

    private static PartialAutoSettings Open() => new()
    {
        Enabled = true, TestMode = false, DailyQuotaPerAccount = 10, MinConfidence = 0.7,
    };

    private static FinalizeInput Input(
        DateTimeOffset? at = null, string text = "배송 언제 와요?", string intent = "배송문의", double confidence = 0.95, bool grounded = true, int sentToday = 0,
        string account = "acc-1", string market = "COUPANG", GuardianSnapshot? guardian = null) =>
        new(account, market, text, intent, confidence, grounded, sentToday, at ?? Kst(10), Seoul, guardian ?? GuardianSnapshot.Clear);

    private static FinalizeResult Run(FinalizeInput input, PartialAutoSettings? settings = null) => FinalizeGates.Run(input, settings ?? Open());

    [Fact]
    public void Everything_open_in_business_hours_is_sent_automatically()
    {
        var result = Run(Input());
        Assert.Equal((InquiryStatus.AutoSend, (string?)null), (result.FinalOutput.Status, result.FinalOutput.Reason));
        Assert.Equal("finalize", result.CurrentStep);
        Assert.Equal(
            [
                "[PASS] partial auto on; account acc-1 and market COUPANG allowed", "[PASS] intent '배송문의' (every intent allowed)",
                "[PASS] 2026-03-02 10:00:00 (Monday) is within business hours", "[PASS] confidence 0.95 >= 0.7", "[PASS] the draft is grounded",
                "[PASS] daily quota 0/10", "[AUTO_SEND] every gate passed",
            ],
            result.Logs);
    }

    [Theory]
    [InlineData(8, 59, 59, GateReasons.OutsideBusinessHours)]
    [InlineData(9, 0, 0, null)]
    [InlineData(17, 59, 59, null)]
    [InlineData(18, 0, 0, GateReasons.OutsideBusinessHours)]
    [InlineData(0, 0, 0, GateReasons.OutsideBusinessHours)]
    public void Business_hours_are_from_nine_inclusive_to_six_exclusive_in_Seoul(int hour, int minute, int second, string? reason)
    {
        var result = Run(Input(at: Kst(hour, minute, second)));
        Assert.Equal(reason, result.FinalOutput.Reason);
        // 09:00 KST is 00:00 UTC: the gate reads the org's zone, not the server's.
        Assert.Equal(reason, Run(Input(at: Kst(hour, minute, second).ToUniversalTime())).FinalOutput.Reason);
    }

    [Fact]
    public void Weekends_are_outside_business_hours() =>
        Assert.Equal(GateReasons.OutsideBusinessHours, Run(Input(at: Kst(10, day: 7))).FinalOutput.Reason);

    [Fact]
    public void Partial_auto_off_blocks_first()
    {
        var result = Run(Input(), new PartialAutoSettings { Enabled = false });
        Assert.Equal((InquiryStatus.AiDrafted, GateReasons.PartialAutoDisabled), (result.FinalOutput.Status, result.FinalOutput.Reason));
    }

    [Fact]
    public void Test_mode_with_empty_allow_lists_blocks_everything_and_says_so()
    {
        var result = Run(Input(), new PartialAutoSettings { Enabled = true, TestMode = true });
        Assert.Equal((InquiryStatus.AiDrafted, GateReasons.TestModeBlocked), (result.FinalOutput.Status, result.FinalOutput.Reason));
        Assert.Contains(result.Logs, log => log.StartsWith("[TEST_MODE BLOCKED]", StringComparison.Ordinal));

        var onlyAccounts = new PartialAutoSettings { Enabled = true, TestMode = true, AllowedAccounts = ["acc-1"] };
        Assert.Equal(GateReasons.TestModeBlocked, Run(Input(), onlyAccounts).FinalOutput.Reason);
    }

    [Fact]
    public void Test_mode_sends_only_for_an_allowed_account_on_an_allowed_market()
    {
        var settings = new PartialAutoSettings { Enabled = true, TestMode = true, AllowedAccounts = ["acc-1"], AllowedMarkets = ["COUPANG"] };
        Assert.Equal(InquiryStatus.AutoSend, Run(Input(), settings).FinalOutput.Status);
        Assert.Equal(GateReasons.AccountNotAllowed, Run(Input(account: "acc-2"), settings).FinalOutput.Reason);
        Assert.Equal(GateReasons.MarketNotAllowed, Run(Input(market: "SMARTSTORE"), settings).FinalOutput.Reason);
        Assert.Equal(InquiryStatus.AutoSend, Run(Input(market: "coupang"), settings).FinalOutput.Status);
    }

    [Fact]
    public void Outside_test_mode_empty_lists_allow_all_and_non_empty_lists_still_restrict()
    {
        Assert.Equal(InquiryStatus.AutoSend, Run(Input(account: "any", market: "ANY")).FinalOutput.Status);
        var phase2 = PartialAutoSettings.Preset(2, ["acc-1"], ["COUPANG"]);
        Assert.Equal(GateReasons.AccountNotAllowed, Run(Input(account: "acc-2"), phase2).FinalOutput.Reason);
        Assert.Equal(InquiryStatus.AutoSend, Run(Input(), phase2).FinalOutput.Status);
    }

    [Fact]
    public void Only_allowed_intents_are_sent_and_an_empty_list_allows_all()
    {
        var settings = Open();
        settings.AllowedIntents = ["배송문의", "사용법"];
        Assert.Equal(InquiryStatus.AutoSend, Run(Input(), settings).FinalOutput.Status);
        Assert.Equal(GateReasons.IntentNotAllowed, Run(Input(intent: "환불/반품"), settings).FinalOutput.Reason);
        Assert.Equal(InquiryStatus.AutoSend, Run(Input(intent: "환불/반품")).FinalOutput.Status);
    }

    [Theory]
    [InlineData("소비자원에 신고하겠습니다")]
    [InlineData("법적 조치 들어갑니다")]
    [InlineData("클레임 걸게요")]
    public void An_escalation_keyword_escalates_even_when_an_earlier_gate_blocked(string text)
    {
        Assert.Equal(InquiryStatus.Escalated, Run(Input(text: text)).FinalOutput.Status);
        var seedPhase1 = new PartialAutoSettings { Enabled = true, TestMode = true };
        var result = Run(Input(text: text), seedPhase1);
        Assert.Equal((InquiryStatus.Escalated, GateReasons.EscalationKeyword), (result.FinalOutput.Status, result.FinalOutput.Reason));
        Assert.Contains(result.Logs, log => log.StartsWith("[TEST_MODE BLOCKED]", StringComparison.Ordinal));
    }

    [Fact]
    public void Configured_escalation_keywords_add_to_the_built_in_ones()
    {
        var settings = Open();
        settings.EscalationKeywords = ["변호사"];
        Assert.Equal(InquiryStatus.Escalated, Run(Input(text: "변호사와 상담 중입니다"), settings).FinalOutput.Status);
    }

    [Theory]
    [InlineData(0.69, GateReasons.LowConfidence)]
    [InlineData(0.7, null)]
    public void Confidence_below_the_minimum_is_drafted(double confidence, string? reason) =>
        Assert.Equal(reason, Run(Input(confidence: confidence)).FinalOutput.Reason);

    [Fact]
    public void An_ungrounded_draft_is_never_sent() => Assert.Equal(GateReasons.NotGrounded, Run(Input(grounded: false)).FinalOutput.Reason);

    [Theory]
    [InlineData(9, null)]
    [InlineData(10, GateReasons.DailyQuotaReached)]
    [InlineData(11, GateReasons.DailyQuotaReached)]
    public void The_daily_quota_counts_todays_sends(int sent, string? reason) =>
        Assert.Equal(reason, Run(Input(sentToday: sent)).FinalOutput.Reason);

    [Fact]
    public void The_quota_day_starts_at_midnight_in_Seoul_not_in_UTC()
    {
        // 08:59 KST on 3 March is 23:59 UTC on 2 March: the day began at 00:00 KST, 15:00 UTC the day before.
        var start = OrgDays.Start(new DateTimeOffset(2026, 3, 2, 23, 59, 0, TimeSpan.Zero), Seoul);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.FromHours(9)), start);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero), start.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.FromHours(9)), OrgDays.Start(new DateTimeOffset(2026, 3, 2, 14, 59, 59, TimeSpan.Zero), Seoul));
    }

    [Fact]
    public void Guardian_switches_block_last_and_shadow_mode_records_a_would_be_send()
    {
        var locked = new GuardianSnapshot(false, false, false, new HashSet<string> { "acc-1" });
        Assert.Equal(GateReasons.GuardianAccountLocked, Run(Input(guardian: locked)).FinalOutput.Reason);
        Assert.Equal(InquiryStatus.AutoSend, Run(Input(account: "acc-2", guardian: locked)).FinalOutput.Status);
        Assert.Equal(GateReasons.GuardianTestMode, Run(Input(guardian: GuardianSnapshot.Clear with { GlobalTestMode = true })).FinalOutput.Reason);
        Assert.Equal(GateReasons.GuardianPartialAutoOff, Run(Input(guardian: GuardianSnapshot.Clear with { PartialAutoOff = true })).FinalOutput.Reason);
        var shadow = Run(Input(guardian: GuardianSnapshot.Clear with { ShadowMode = true }));
        Assert.Equal((InquiryStatus.AiDrafted, GateReasons.ShadowMode), (shadow.FinalOutput.Status, shadow.FinalOutput.Reason));
    }

    [Fact]
    public void Every_exit_has_the_same_shape()
    {
        var settingsPerExit = new (FinalizeInput, PartialAutoSettings)[]
        {
            (Input(), new PartialAutoSettings { Enabled = false }),
            (Input(), new PartialAutoSettings { Enabled = true, TestMode = true }),
            (Input(text: "소비자원"), Open()),
            (Input(at: Kst(20)), Open()),
            (Input(confidence: 0.1), Open()),
            (Input(grounded: false), Open()),
            (Input(sentToday: 99), Open()),
            (Input(), Open()),
        };
        foreach (var (input, settings) in settingsPerExit)
        {
            var result = FinalizeGates.Run(input, settings);
            Assert.NotNull(result.FinalOutput);
            Assert.NotEmpty(result.FinalOutput.Status);
            Assert.NotEmpty(result.Logs);
            Assert.Equal("finalize", result.CurrentStep);
            Assert.Equal(result.FinalOutput.Reason is null, result.FinalOutput.Status == InquiryStatus.AutoSend);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_staged_unlock_presets_follow_the_seed(int phase)
    {
        var preset = PartialAutoSettings.Preset(phase, ["acc-1"], ["COUPANG"]);
        Assert.True(preset.Enabled);
        Assert.Equal(phase == 1, preset.TestMode);
        Assert.Equal(phase == 3 ? 100 : 10, preset.DailyQuotaPerAccount);
        Assert.Equal(phase == 1 ? InquiryStatus.AiDrafted : InquiryStatus.AutoSend, Run(Input(), preset).FinalOutput.Status);
    }
}
