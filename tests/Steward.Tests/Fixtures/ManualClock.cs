namespace Steward.Tests.Fixtures;

/// <summary>
/// A clock whose time, timers and timestamps move only when the test says so (Microsoft.Extensions.TimeProvider.Testing
/// is not in our registry). Backoff waits and deadlines built on it cost no real time; a test sees which waits were
/// scheduled (<see cref="Scheduled"/>) and fires them with <see cref="Advance"/>.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<Timer> _timers = [];
    private readonly List<TimeSpan> _scheduled = [];
    private DateTimeOffset _now = start;

    public static ManualClock Sunday() => new(new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero));

    /// <summary>Every due time a timer was given, in order (periodic repeats excluded).</summary>
    public IReadOnlyList<TimeSpan> Scheduled
    {
        get
        {
            lock (_gate)
            {
                return [.. _scheduled];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time on, firing (on this thread, in due order) every timer that comes due.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            Timer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due is { } due && due <= target).MinBy(t => t.Due);
                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = next.Due!.Value;
                next.Due = next.Period > TimeSpan.Zero ? _now + next.Period : null;
            }

            next.Fire();
        }
    }

    /// <summary>Waits (in real time, briefly) until a timer is pending whose time left matches; for steps the test must not race.</summary>
    public async Task WaitForTimerAsync(Func<TimeSpan, bool> match, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < until)
        {
            lock (_gate)
            {
                if (_timers.Any(t => t.Due is { } due && match(due - _now)))
                {
                    return;
                }
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"No matching timer was scheduled; scheduled so far: {string.Join(", ", Scheduled)}");
    }

    private sealed class Timer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
                if (Due is not null)
                {
                    clock._scheduled.Add(dueTime);
                }

                if (!clock._timers.Contains(this))
                {
                    clock._timers.Add(this);
                }
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
