using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Steward.Audit;
using Steward.Observability;
using Steward.Security;

namespace Steward.Guardian;

/// <summary>The rules that trip switches, named as they appear in events, audit entries and <c>guardian_trips_total{rule}</c>.</summary>
public static class GuardianRules
{
    public const string EscalationKeyword = "escalation_keyword";
    public const string ConsecutiveFailures = "consecutive_failures";
    public const string HourlyFailures = "hourly_failures";
    public const string AccountFailureRate = "account_failure_rate";
    public const string OrgFailureRate = "org_failure_rate";
    public const string DailyFailureRateStreak = "daily_failure_rate_streak";
    public const string Manual = "manual";
}

/// <summary>The switches of an org as <c>GET /api/guardian</c> shows them, with the latest changes.</summary>
public sealed record GuardianState(IReadOnlyList<GuardianSwitch> Switches, IReadOnlyList<GuardianEvent> History);

/// <summary>
/// Seed 000's rollback triggers: records every send outcome, evaluates the failure rules after each, and trips switches
/// (an event, an audit entry, a metric and a webhook per change). Snapshots are cached per org for
/// <see cref="GuardianOptions.SnapshotCacheDuration"/>; a change made here clears this instance's cache at once.
/// </summary>
public sealed partial class GuardianService(
    GuardianStore store, OrgStore orgs, AuditLog audit, StewardMetrics metrics, GuardianWebhook webhook, IOptions<GuardianOptions> options,
    TimeProvider time, ILogger<GuardianService> logger) : IGuardian
{
    public const int HistoryLimit = 50;

    private readonly ConcurrentDictionary<string, (long LoadedAt, GuardianSnapshot Snapshot)> _snapshots = new(StringComparer.Ordinal);

    // The counts of the days before today for the daily-rate streak: past days no longer change.
    private readonly ConcurrentDictionary<string, PastDays> _pastDays = new(StringComparer.Ordinal);

    private sealed record PastDays(DateOnly Today, DateTimeOffset Since, IReadOnlyList<SendCounts> Counts);

    public async Task<GuardianSnapshot> SnapshotAsync(string orgId, CancellationToken cancellationToken)
    {
        if (_snapshots.TryGetValue(orgId, out var cached) && time.GetElapsedTime(cached.LoadedAt) < options.Value.SnapshotCacheDuration)
        {
            return cached.Snapshot;
        }

        var on = (await store.SwitchesAsync(orgId, cancellationToken)).Where(s => s.On).ToList();
        var snapshot = new GuardianSnapshot(
            on.Any(s => s.Switch == GuardianSwitches.GlobalTestMode),
            on.Any(s => s.Switch == GuardianSwitches.PartialAutoOff),
            on.Any(s => s.Switch == GuardianSwitches.ShadowMode),
            on.Where(s => s.Switch == GuardianSwitches.AccountLock).Select(s => s.AccountId!).ToHashSet(StringComparer.Ordinal));
        _snapshots[orgId] = (time.GetTimestamp(), snapshot);
        return snapshot;
    }

    public async Task<GuardianState> StateAsync(string orgId, CancellationToken cancellationToken)
    {
        var switches = (await store.SwitchesAsync(orgId, cancellationToken)).ToList();
        var org = GuardianSwitches.OrgWide.Where(name => switches.All(s => s.Switch != name))
            .Select(name => new GuardianSwitch(name, null, false, null, null, null, null));
        return new GuardianState([.. switches, .. org], await store.EventsAsync(orgId, HistoryLimit, cancellationToken));
    }

    public Task EscalationSeenAsync(string orgId, string inquiryId, string keyword, CancellationToken cancellationToken) =>
        TripAsync(orgId, GuardianSwitches.GlobalTestMode, null, GuardianRules.EscalationKeyword,
            $"escalation keyword '{keyword}' in inquiry {inquiryId}", new { inquiry_id = inquiryId, keyword }, cancellationToken);

    public async Task SendFinishedAsync(SendOutcome outcome, CancellationToken cancellationToken)
    {
        await store.RecordOutcomeAsync(outcome, cancellationToken);
        var settings = options.Value;
        var now = time.GetUtcNow();

        // Every rule needs a failure in the last 24 hours (the rates' thresholds are above 0, today's bad day lies within
        // them): a success in a clean day is recorded and costs one indexed lookup, not the window counts.
        if (outcome.Succeeded && !await store.AnyFailureSinceAsync(outcome.OrgId, now.AddDays(-1), cancellationToken))
        {
            return;
        }

        var end = now.AddMilliseconds(1);
        var switches = await store.SwitchesAsync(outcome.OrgId, cancellationToken);

        // A switch that is on is not evaluated again; one an admin reset only counts the evidence since the reset.
        DateTimeOffset? Since(string name, string? account)
        {
            var current = switches.FirstOrDefault(s => s.Switch == name && s.AccountId == account);
            return current is null ? DateTimeOffset.MinValue : current.On ? null : current.ChangedAt ?? DateTimeOffset.MinValue;
        }

        static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

        var org = outcome.OrgId;
        var account = outcome.AccountId;
        if (Since(GuardianSwitches.AccountLock, account) is { } lockSince)
        {
            if (!outcome.Succeeded
                && await store.FailureStreakAsync(org, account, lockSince, settings.ConsecutiveFailuresToLock, cancellationToken) is var streak
                && streak >= settings.ConsecutiveFailuresToLock)
            {
                await TripAsync(org, GuardianSwitches.AccountLock, account, GuardianRules.ConsecutiveFailures,
                    $"{streak} failed sends in a row on account {account} (last: {outcome.Error})", new { failures = streak }, cancellationToken);
            }
            else
            {
                var from = Max(now.AddDays(-1).AddMilliseconds(1), lockSince);
                if (await BadRateAsync(org, account, from, end, settings.MinimumSample, settings.AccountFailureRatePercent, cancellationToken) is { } counts)
                {
                    await TripAsync(org, GuardianSwitches.AccountLock, account, GuardianRules.AccountFailureRate,
                        $"24-hour failure rate {Percent(counts)} on account {account} ({counts.Failed}/{counts.Total}) is at or above {settings.AccountFailureRatePercent} %",
                        new { counts.Failed, counts.Total }, cancellationToken);
                }
            }
        }

        if (Since(GuardianSwitches.GlobalTestMode, null) is { } testSince)
        {
            // Both windows no earlier than the last reset: the last hour's failures, the last 24 hours' rate.
            var hourFailed = outcome.Succeeded ? 0 : await store.FailuresAsync(org, null, Max(now.AddHours(-1).AddMilliseconds(1), testSince), end, cancellationToken);
            if (hourFailed > settings.MaxFailuresPerHour)
            {
                await TripAsync(org, GuardianSwitches.GlobalTestMode, null, GuardianRules.HourlyFailures,
                    $"{hourFailed} failed sends in the last hour, more than {settings.MaxFailuresPerHour}", new { Failed = hourFailed }, cancellationToken);
            }
            else if (await BadRateAsync(org, null, Max(now.AddDays(-1).AddMilliseconds(1), testSince), end, settings.MinimumSample,
                         settings.OrgFailureRatePercent, cancellationToken) is { } day)
            {
                await TripAsync(org, GuardianSwitches.GlobalTestMode, null, GuardianRules.OrgFailureRate,
                    $"24-hour failure rate {Percent(day)} ({day.Failed}/{day.Total}) is at or above {settings.OrgFailureRatePercent} %",
                    new { day.Failed, day.Total }, cancellationToken);
            }
        }

        if (Since(GuardianSwitches.ShadowMode, null) is { } shadowSince)
        {
            await EvaluateDailyStreakAsync(org, now, shadowSince, cancellationToken);
        }
    }

    /// <summary>
    /// The last <see cref="GuardianOptions.ShadowAfterDays"/> local days, today included, each bad: back to shadow mode.
    /// Today is counted on every send; the past days only once today is bad, and then once per org, day and reset.
    /// </summary>
    private async Task EvaluateDailyStreakAsync(string orgId, DateTimeOffset now, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var zone = await orgs.TimeZoneAsync(orgId, cancellationToken);
        var today = OrgDays.Today(now, zone);
        DateTimeOffset Bound(DateOnly day) => OrgDays.Start(day, zone) is var start && start > since ? start : since;
        bool IsBadDay(SendCounts day) => IsBadRate(day, settings.MinimumDailySample, settings.DailyFailureRatePercent);

        if (await BadRateAsync(orgId, null, Bound(today), Bound(today.AddDays(1)), settings.MinimumDailySample, settings.DailyFailureRatePercent,
                cancellationToken) is not { } todayCounts)
        {
            return;
        }

        var first = today.AddDays(1 - settings.ShadowAfterDays);
        if (!_pastDays.TryGetValue(orgId, out var past) || past.Today != today || past.Since != since)
        {
            var bounds = Enumerable.Range(0, settings.ShadowAfterDays).Select(i => Bound(first.AddDays(i))).ToList();
            past = new PastDays(today, since, bounds.Count > 1 ? await store.CountBucketsAsync(orgId, null, bounds, cancellationToken) : []);
            _pastDays[orgId] = past;
        }

        IReadOnlyList<SendCounts> counts = [.. past.Counts, todayCounts];
        if (counts.All(IsBadDay))
        {
            await TripAsync(orgId, GuardianSwitches.ShadowMode, null, GuardianRules.DailyFailureRateStreak,
                $"{settings.ShadowAfterDays} days in a row with a daily failure rate at or above {settings.DailyFailureRatePercent} % (through {today:yyyy-MM-dd})",
                new { days = counts.Select((c, i) => new { day = first.AddDays(i).ToString("yyyy-MM-dd", null), c.Failed, c.Total }) },
                cancellationToken);
        }
    }

    /// <summary>
    /// The window's counts when its failure rate is at or above <paramref name="percent"/> with at least
    /// <paramref name="minimumSample"/> sends, null otherwise. Failures are counted exactly (only failed rows are read);
    /// the total only up to failures × 100 / percent, because beyond that the rate is below the threshold whatever the
    /// total — so a busy window with a few failures costs a bounded count, not a scan of every send in it.
    /// </summary>
    private async Task<SendCounts?> BadRateAsync(
        string orgId, string? accountId, DateTimeOffset from, DateTimeOffset to, int minimumSample, double percent, CancellationToken cancellationToken)
    {
        var failed = await store.FailuresAsync(orgId, accountId, from, to, cancellationToken);
        var bound = (long)Math.Floor(failed * 100.0 / percent + 1e-9);
        if (failed == 0 || bound < minimumSample)
        {
            return null;
        }

        var total = await store.TotalUpToAsync(orgId, accountId, from, to, bound, cancellationToken);
        var counts = new SendCounts(total, failed);
        return total <= bound && IsBadRate(counts, minimumSample, percent) ? counts : null;
    }

    private static bool IsBadRate(SendCounts counts, int minimumSample, double percent) =>
        counts.Total >= minimumSample && counts.Failed * 100.0 >= percent * counts.Total;

    private static string Percent(SendCounts counts) => $"{100.0 * counts.Failed / counts.Total:0.##} %";

    private Task TripAsync(string orgId, string name, string? accountId, string rule, string reason, object data, CancellationToken cancellationToken) =>
        ChangeAsync(orgId, new GuardianChange(name, accountId, true, $"rule:{rule}", rule, reason, JsonSerializer.Serialize(data)),
            new AuditActor("system", $"guardian:{rule}"), cancellationToken);

    /// <summary>
    /// Turns a switch on or off unless it already is: the event and the switch in one transaction, then the audit entry,
    /// the metric and the webhook. False when nothing changed.
    /// </summary>
    public async Task<bool> ChangeAsync(string orgId, GuardianChange change, AuditActor actor, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        if (!await store.ChangeAsync(orgId, change, at, cancellationToken))
        {
            return false;
        }

        _snapshots.TryRemove(orgId, out _);
        var target = change.AccountId is null ? change.Switch : $"{change.Switch}:{change.AccountId}";
        await audit.WriteAsync(new AuditEntry(orgId, actor, change.On ? "guardian.trip" : "guardian.reset", "success", target,
            new Dictionary<string, string?> { ["rule"] = change.Rule, ["reason"] = change.Reason, ["data"] = change.Data }), cancellationToken);
        if (change.On)
        {
            metrics.GuardianTrips.Add(1, new KeyValuePair<string, object?>("rule", change.Rule ?? GuardianRules.Manual));
            LogTripped(logger, orgId, target, change.Rule ?? GuardianRules.Manual, change.Reason);
        }
        else
        {
            metrics.GuardianResets.Add(1, new KeyValuePair<string, object?>("switch", change.Switch));
            LogReset(logger, orgId, target, change.ChangedBy, change.Reason);
        }

        _ = webhook.NotifyAsync(orgId, change, at);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guardian tripped {Switch} for org {OrgId} (rule {Rule}): {Reason}")]
    private static partial void LogTripped(ILogger logger, string orgId, string @switch, string rule, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guardian reset {Switch} for org {OrgId} by {ChangedBy}: {Reason}")]
    private static partial void LogReset(ILogger logger, string orgId, string @switch, string changedBy, string reason);
}
