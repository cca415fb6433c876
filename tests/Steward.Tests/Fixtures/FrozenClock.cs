namespace Steward.Tests.Fixtures;

/// <summary>A clock that stands still until told to move, so window and boundary tests cannot flake.</summary>
public sealed class FrozenClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    /// <summary>Mid-minute and mid-hour, so fixed windows never roll over during a test.</summary>
    public static FrozenClock MidWindow() => new(new DateTimeOffset(2026, 3, 2, 1, 30, 30, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public static void Install(IServiceCollection services, FrozenClock clock) => services.AddSingleton<TimeProvider>(clock);
}
