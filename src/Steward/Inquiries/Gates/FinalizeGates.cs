using System.Globalization;
using Steward.Guardian;

namespace Steward.Inquiries.Gates;

/// <summary>What the gates look at for one drafted inquiry.</summary>
/// <param name="Fallback">The LLM was down and the embedded responder drafted: such a draft is never sent automatically.</param>
public sealed record FinalizeInput(
    string AccountId, string MarketCode, string CustomerText, string Intent, double Confidence, bool Grounded, int SentToday,
    DateTimeOffset Now, TimeZoneInfo TimeZone, GuardianSnapshot Guardian, bool Fallback = false);

/// <summary>The decision: <c>AUTO_SEND</c>, or <c>AI_DRAFTED</c>/<c>ESCALATED</c> with the reason that stopped it.</summary>
/// <param name="Reason">A stable code (<see cref="GateReasons"/>); null for AUTO_SEND.</param>
/// <param name="Detail">The reason in words, as the review queue shows it.</param>
public sealed record FinalOutput(string Status, string? Reason, string? Detail);

/// <summary>Every exit of finalize has this one shape (seed 000's fix 3): the output, the gate log, the step.</summary>
public sealed record FinalizeResult(FinalOutput FinalOutput, IReadOnlyList<string> Logs, string CurrentStep = "finalize");

public static class GateReasons
{
    public const string PartialAutoDisabled = "partial_auto_disabled";
    public const string TestModeBlocked = "test_mode_blocked";
    public const string AccountNotAllowed = "account_not_allowed";
    public const string MarketNotAllowed = "market_not_allowed";
    public const string IntentNotAllowed = "intent_not_allowed";
    public const string EscalationKeyword = "escalation_keyword";
    public const string OutsideBusinessHours = "outside_business_hours";
    public const string LowConfidence = "low_confidence";
    public const string NotGrounded = "not_grounded";
    public const string ResponderFallback = "responder_fallback";
    public const string DailyQuotaReached = "daily_quota_reached";
    public const string GuardianTestMode = "guardian_test_mode";
    public const string GuardianAccountLocked = "guardian_account_locked";
    public const string GuardianPartialAutoOff = "guardian_partial_auto_off";
    public const string ShadowMode = "shadow_mode";
}

/// <summary>
/// Seed 000's finalize, in its order: partial auto enabled → test mode (allowed accounts and markets; empty lists in test
/// mode block everything) → allowed intents → escalation keywords → business hours in the org's zone → minimum
/// confidence → grounding → daily quota per account → guardian switches. The first gate that fails decides; an
/// escalation keyword makes the inquiry ESCALATED whichever gate failed first, because it must reach a person whatever
/// the send settings are. Pure: the caller supplies the clock, the count of today's sends and the guardian's switches.
/// </summary>
public static class FinalizeGates
{
    /// <summary>The first escalation keyword (the org's own, then the built-in ones) in the customer's text; null when there is none.</summary>
    public static string? EscalationKeywordIn(string customerText, PartialAutoSettings settings) =>
        settings.EscalationKeywords.Concat(PartialAutoSettings.BuiltInEscalationKeywords)
            .FirstOrDefault(k => k.Length > 0 && customerText.Contains(k, StringComparison.OrdinalIgnoreCase));

    public static FinalizeResult Run(FinalizeInput input, PartialAutoSettings settings)
    {
        var logs = new List<string>();
        var keyword = EscalationKeywordIn(input.CustomerText, settings);
        var blocked = FirstBlock(input, settings, keyword, logs);
        if (keyword is not null)
        {
            logs.Add($"[ESCALATED] keyword '{keyword}' found: routed to a person");
            return new FinalizeResult(new FinalOutput(InquiryStatus.Escalated, GateReasons.EscalationKeyword, $"escalation keyword '{keyword}'"), logs);
        }

        if (blocked is { } block)
        {
            return new FinalizeResult(new FinalOutput(InquiryStatus.AiDrafted, block.Reason, block.Detail), logs);
        }

        logs.Add("[AUTO_SEND] every gate passed");
        return new FinalizeResult(new FinalOutput(InquiryStatus.AutoSend, null, null), logs);
    }

    private static (string Reason, string Detail)? FirstBlock(FinalizeInput input, PartialAutoSettings settings, string? keyword, List<string> logs)
    {
        (string, string)? Block(string reason, string detail, string? tag = null)
        {
            logs.Add($"{tag ?? "[BLOCKED]"} {reason}: {detail}");
            return (reason, detail);
        }

        if (!settings.Enabled)
        {
            return Block(GateReasons.PartialAutoDisabled, "partial auto is off (ENABLE_CS_PARTIAL_AUTO=false)");
        }

        if (settings.TestMode && (settings.AllowedAccounts.Count == 0 || settings.AllowedMarkets.Count == 0))
        {
            return Block(GateReasons.TestModeBlocked, "test mode with an empty allowed-accounts or allowed-markets list: nothing may send", "[TEST_MODE BLOCKED]");
        }

        if ((settings.TestMode || settings.AllowedAccounts.Count > 0) && !settings.AllowedAccounts.Contains(input.AccountId, StringComparer.Ordinal))
        {
            return Block(GateReasons.AccountNotAllowed, $"account '{input.AccountId}' is not in the allowed accounts", settings.TestMode ? "[TEST_MODE BLOCKED]" : null);
        }

        if ((settings.TestMode || settings.AllowedMarkets.Count > 0) && !settings.AllowedMarkets.Contains(input.MarketCode, StringComparer.OrdinalIgnoreCase))
        {
            return Block(GateReasons.MarketNotAllowed, $"market '{input.MarketCode}' is not in the allowed markets", settings.TestMode ? "[TEST_MODE BLOCKED]" : null);
        }

        logs.Add($"[PASS] partial auto on; account {input.AccountId} and market {input.MarketCode} allowed");
        if (settings.AllowedIntents.Count > 0 && !settings.AllowedIntents.Contains(input.Intent, StringComparer.Ordinal))
        {
            return Block(GateReasons.IntentNotAllowed, $"intent '{input.Intent}' is not in the allowed intents");
        }

        logs.Add(settings.AllowedIntents.Count > 0 ? $"[PASS] intent '{input.Intent}' is allowed" : $"[PASS] intent '{input.Intent}' (every intent allowed)");

        if (keyword is not null)
        {
            return Block(GateReasons.EscalationKeyword, $"escalation keyword '{keyword}'");
        }

        var local = TimeZoneInfo.ConvertTime(input.Now, input.TimeZone);
        var start = TimeOnly.ParseExact(settings.BusinessHoursStart, "HH:mm", CultureInfo.InvariantCulture);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var beforeEnd = settings.BusinessHoursEnd == "24:00" || time < TimeOnly.ParseExact(settings.BusinessHoursEnd, "HH:mm", CultureInfo.InvariantCulture);
        if (!settings.BusinessDays.Contains(local.DayOfWeek) || time < start || !beforeEnd)
        {
            return Block(GateReasons.OutsideBusinessHours,
                $"{local:yyyy-MM-dd HH:mm:ss} ({local.DayOfWeek}) is outside business hours {settings.BusinessHoursStart}–{settings.BusinessHoursEnd}");
        }

        logs.Add($"[PASS] {local:yyyy-MM-dd HH:mm:ss} ({local.DayOfWeek}) is within business hours");

        if (input.Confidence < settings.MinConfidence)
        {
            return Block(GateReasons.LowConfidence, $"confidence {input.Confidence:0.###} is below {settings.MinConfidence:0.###}");
        }

        logs.Add($"[PASS] confidence {input.Confidence:0.###} >= {settings.MinConfidence:0.###}");

        if (!input.Grounded)
        {
            return Block(GateReasons.NotGrounded, "the draft does not rest on tool results or knowledge-base passages");
        }

        if (input.Fallback)
        {
            return Block(GateReasons.ResponderFallback, "the AI provider was down and the offline responder drafted this: a person should check it");
        }

        logs.Add("[PASS] the draft is grounded");

        if (input.SentToday >= settings.DailyQuotaPerAccount)
        {
            return Block(GateReasons.DailyQuotaReached, $"daily quota reached ({input.SentToday}/{settings.DailyQuotaPerAccount})");
        }

        logs.Add($"[PASS] daily quota {input.SentToday}/{settings.DailyQuotaPerAccount}");

        return SwitchBlock(input.Guardian, input.AccountId) is { } stop ? Block(stop.Reason, stop.Detail, stop.Tag) : null;
    }

    /// <summary>
    /// The last gate, the guardian's switches, also asked once more by the sender just before an automatic reply goes
    /// out: a switch thrown after the decision stops it.
    /// </summary>
    public static (string Reason, string Detail, string? Tag)? SwitchBlock(GuardianSnapshot guardian, string accountId)
    {
        if (guardian.PartialAutoOff)
        {
            return (GateReasons.GuardianPartialAutoOff, "the guardian turned partial auto off", null);
        }

        if (guardian.GlobalTestMode)
        {
            return (GateReasons.GuardianTestMode, "the guardian put the org in global test mode", "[TEST_MODE BLOCKED]");
        }

        if (guardian.LockedAccounts.Contains(accountId))
        {
            return (GateReasons.GuardianAccountLocked, $"the guardian locked account '{accountId}'", null);
        }

        return guardian.ShadowMode ? (GateReasons.ShadowMode, "shadow mode: would auto-send, recorded only", "[SHADOW]") : null;
    }
}
