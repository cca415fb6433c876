using Steward.Guardian;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Guardian;

/// <summary>Two instances on one database: one event per trip however they race, and a trip seen everywhere within the cache duration.</summary>
public class GuardianInstancesTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Racing_instances_trip_a_switch_once_and_the_other_instance_sees_it_within_the_cache_duration(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        using var first = await Fixtures.Services.BuildWithOrgAsync(storage, "shop");
        using var second = Fixtures.Services.Build(storage, configure: services =>
            services.Configure<GuardianOptions>(options => options.SnapshotCacheDuration = TimeSpan.FromMilliseconds(300)));
        var one = first.Services.GetRequiredService<GuardianService>();
        var two = second.Services.GetRequiredService<GuardianService>();
        Assert.False((await two.SnapshotAsync("shop", default)).GlobalTestMode);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            (i % 2 == 0 ? one : two).EscalationSeenAsync("shop", $"inq-{i}", "클레임", default))));

        Assert.Single((await one.StateAsync("shop", default)).History);
        Assert.True((await one.SnapshotAsync("shop", default)).GlobalTestMode);
        Assert.True(await SeesAsync(two, testMode: true));

        // A reset on the first instance: the second sees it once its cached copy expires.
        await one.ChangeAsync("shop", new GuardianChange(GuardianSwitches.GlobalTestMode, null, false, "user:alice", null, "handled", null),
            Steward.Audit.AuditActor.Cli, default);
        Assert.False((await one.SnapshotAsync("shop", default)).GlobalTestMode);
        Assert.True(await SeesAsync(two, testMode: false));
        Assert.Equal(2, (await two.StateAsync("shop", default)).History.Count);
    }

    /// <summary>Whether the instance's snapshot shows the state within a few cache durations.</summary>
    private static async Task<bool> SeesAsync(GuardianService guardian, bool testMode)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while ((await guardian.SnapshotAsync("shop", default)).GlobalTestMode != testMode && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return (await guardian.SnapshotAsync("shop", default)).GlobalTestMode == testMode;
    }
}
