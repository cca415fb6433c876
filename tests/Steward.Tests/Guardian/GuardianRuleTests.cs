using Steward.Guardian;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Guardian;

/// <summary>Every rollback trigger of seed 000 with injected outcomes: each fires at its threshold and not one below.</summary>
public class GuardianRuleTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_third_consecutive_failure_locks_the_account_and_a_success_resets_the_streak(string backend)
    {
        await using var harness = await GuardianHarness.StartAsync(backend, options => options.MaxFailuresPerHour = 100);

        await harness.RepeatAsync("acct-1", 2, succeeded: false);
        await harness.SendAsync("acct-1", succeeded: true);
        await harness.RepeatAsync("acct-1", 2, succeeded: false);
        Assert.Empty((await harness.SnapshotAsync()).LockedAccounts);

        await harness.SendAsync("acct-1", succeeded: false);
        var snapshot = await harness.SnapshotAsync();
        Assert.Equal(["acct-1"], snapshot.LockedAccounts);
        Assert.False(snapshot.GlobalTestMode);
        var trip = Assert.Single(await harness.EventsAsync());
        Assert.Equal((GuardianSwitches.AccountLock, "acct-1", true, GuardianRules.ConsecutiveFailures), (trip.Switch, trip.AccountId, trip.On, trip.Rule));
        Assert.Equal("rule:consecutive_failures", trip.ChangedBy);

        // Already locked: more failures trip nothing again.
        await harness.RepeatAsync("acct-1", 3, succeeded: false);
        Assert.Single(await harness.EventsAsync());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_reset_lock_counts_only_the_failures_after_the_reset(string backend)
    {
        await using var harness = await GuardianHarness.StartAsync(backend, options => options.MaxFailuresPerHour = 100);
        await harness.RepeatAsync("acct-1", 3, succeeded: false);
        Assert.Contains("acct-1", (await harness.SnapshotAsync()).LockedAccounts);

        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await harness.Guardian.ChangeAsync("shop",
            new GuardianChange(GuardianSwitches.AccountLock, "acct-1", false, "user:alice", null, "market fixed", null), Steward.Audit.AuditActor.Cli, default));
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await harness.RepeatAsync("acct-1", 2, succeeded: false);
        Assert.Empty((await harness.SnapshotAsync()).LockedAccounts);

        await harness.SendAsync("acct-1", succeeded: false);
        Assert.Contains("acct-1", (await harness.SnapshotAsync()).LockedAccounts);
        Assert.Equal([true, false, true], (await harness.EventsAsync()).Reverse().Select(e => e.On));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_sixth_failure_within_an_hour_trips_global_test_mode_and_older_failures_do_not_count(string backend)
    {
        await using var harness = await GuardianHarness.StartAsync(backend);
        await harness.SpreadAsync(5, succeeded: false);
        Assert.False((await harness.SnapshotAsync()).GlobalTestMode);

        // Exactly an hour later the first five are out of the window (it is the last hour, its start excluded).
        harness.Clock.Advance(TimeSpan.FromHours(1));
        await harness.SpreadAsync(5, succeeded: false);
        Assert.False((await harness.SnapshotAsync()).GlobalTestMode);

        await harness.SpreadAsync(1, succeeded: false);
        Assert.True((await harness.SnapshotAsync()).GlobalTestMode);
        var trip = Assert.Single(await harness.EventsAsync());
        Assert.Equal((GuardianSwitches.GlobalTestMode, GuardianRules.HourlyFailures), (trip.Switch, trip.Rule));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_24_hour_failure_rate_of_2_percent_locks_the_account_only_with_the_minimum_sample(string backend)
    {
        await using var harness = await GuardianHarness.StartAsync(backend);
        await harness.SpreadAsync(200, succeeded: true);

        // 1 in 51 (1.96 %): below the threshold.
        await harness.RepeatAsync("below", 50, succeeded: true);
        await harness.SendAsync("below", succeeded: false);
        // 1 in 50 (2 %): at it.
        await harness.RepeatAsync("at", 49, succeeded: true);
        await harness.SendAsync("at", succeeded: false);
        // 1 in 19 (5.3 %) is below the minimum sample of 20; the 20th send, a success, brings it to 5 % with the sample.
        await harness.RepeatAsync("small", 18, succeeded: true);
        await harness.SendAsync("small", succeeded: false);
        Assert.Equal(["at"], (await harness.SnapshotAsync()).LockedAccounts);

        await harness.SendAsync("small", succeeded: true);
        var snapshot = await harness.SnapshotAsync();
        Assert.Equal(["at", "small"], snapshot.LockedAccounts.Order());
        Assert.False(snapshot.GlobalTestMode);
        Assert.All(await harness.EventsAsync(), e => Assert.Equal(GuardianRules.AccountFailureRate, e.Rule));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_24_hour_failure_rate_of_5_percent_org_wide_trips_global_test_mode_only_with_the_minimum_sample(string backend)
    {
        await using var harness = await GuardianHarness.StartAsync(backend);
        await harness.AddOrgAsync("below");
        await harness.AddOrgAsync("small");

        // 2 in 41 (4.88 %): below.
        await harness.SpreadAsync(39, succeeded: true, org: "below");
        await harness.SpreadAsync(2, succeeded: false, org: "below");
        Assert.False((await harness.SnapshotAsync("below")).GlobalTestMode);

        // 2 in 40 (5 %): at the threshold.
        await harness.SpreadAsync(38, succeeded: true);
        await harness.SpreadAsync(1, succeeded: false);
        Assert.False((await harness.SnapshotAsync()).GlobalTestMode);
        await harness.SpreadAsync(1, succeeded: false);
        Assert.True((await harness.SnapshotAsync()).GlobalTestMode);
        Assert.Equal(GuardianRules.OrgFailureRate, Assert.Single(await harness.EventsAsync()).Rule);

        // 1 in 19 is under the minimum sample; the 20th send makes it 5 % of 20.
        await harness.SpreadAsync(18, succeeded: true, org: "small");
        await harness.SpreadAsync(1, succeeded: false, org: "small");
        Assert.False((await harness.SnapshotAsync("small")).GlobalTestMode);
        await harness.SpreadAsync(1, succeeded: true, org: "small");
        Assert.True((await harness.SnapshotAsync("small")).GlobalTestMode);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Seven_bad_days_in_a_row_bring_shadow_mode_six_do_not_and_a_good_day_breaks_the_streak(string backend)
    {
        await using var harness = await GuardianHarness.StartAsync(backend);

        // A bad day: 1 failure in 33 sends (3.03 %), under the 24-hour rules' thresholds.
        async Task DayAsync(bool bad)
        {
            await harness.SpreadAsync(32, succeeded: true);
            await harness.SpreadAsync(1, succeeded: !bad);
            harness.Clock.Advance(TimeSpan.FromDays(1));
        }

        foreach (var bad in new[] { true, true, true, false, true, true, true, true, true, true })
        {
            await DayAsync(bad);
        }

        Assert.False((await harness.SnapshotAsync()).ShadowMode);
        await harness.SpreadAsync(32, succeeded: true);
        Assert.False((await harness.SnapshotAsync()).ShadowMode);
        await harness.SpreadAsync(1, succeeded: false);

        var snapshot = await harness.SnapshotAsync();
        Assert.True(snapshot.ShadowMode);
        Assert.False(snapshot.GlobalTestMode);
        Assert.Empty(snapshot.LockedAccounts);
        Assert.Equal(GuardianRules.DailyFailureRateStreak, Assert.Single(await harness.EventsAsync()).Rule);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task An_escalation_keyword_trips_global_test_mode_once_with_an_audit_entry(string backend)
    {
        await using var harness = await GuardianHarness.StartAsync(backend);
        await harness.Guardian.EscalationSeenAsync("shop", "inq-1", "소비자원", default);
        await harness.Guardian.EscalationSeenAsync("shop", "inq-2", "법적", default);

        Assert.True((await harness.SnapshotAsync()).GlobalTestMode);
        var trip = Assert.Single(await harness.EventsAsync());
        Assert.Equal((GuardianSwitches.GlobalTestMode, GuardianRules.EscalationKeyword), (trip.Switch, trip.Rule));
        Assert.Contains("소비자원", trip.Reason);
        var audit = await harness.Services.GetRequiredService<Steward.Audit.AuditLog>().QueryAsync("shop", "guardian.");
        var entry = Assert.Single(audit);
        Assert.Equal(("guardian.trip", "system", "guardian:escalation_keyword", "global_test_mode"), (entry.Action, entry.ActorType, entry.ActorId, entry.Target));
        Assert.False((await harness.SnapshotAsync("shop")).ShadowMode);
    }
}
