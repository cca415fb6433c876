using System.Threading.RateLimiting;

namespace Steward.Security.RateLimiting;

public sealed record RateLimitWindow(int PermitLimit, TimeSpan Length);

/// <summary>One counter a request must stay within: e.g. "this API key, 10 a minute".</summary>
internal sealed record CounterLimit(string Counter, RateLimitWindow Window);

/// <summary>
/// Fixed windows over shared counters: a request passes when it is within every limit of its partition (e.g. its API
/// key's and its client IP's, per minute and per hour), checked shortest window first. Counters in this process are counted in the synchronous attempt; counters in the
/// database are a round trip, so then the synchronous attempt defers and ASP.NET Core's rate-limiting middleware falls
/// through to <see cref="AcquireAsyncCore"/>.
/// </summary>
internal sealed class CounterRateLimiter(IRateLimitCounters counters, IReadOnlyList<CounterLimit> limits, TimeProvider time) : RateLimiter
{
    private long _lastUsed = time.GetTimestamp();

    public override TimeSpan? IdleDuration => time.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        if (!counters.IsSynchronous)
        {
            return CounterLease.Deferred;
        }

        // A rejected attempt is followed by the middleware's wait path, which counts the request once more: it was over
        // the limit either way, so the extra count changes no decision.
        var pending = AcquireAsyncCore(permitCount, CancellationToken.None);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, time.GetTimestamp());
        if (permitCount == 0)
        {
            return CounterLease.Acquired;
        }

        var now = time.GetUtcNow();
        foreach (var (counter, window) in limits)
        {
            var windowMs = (long)window.Length.TotalMilliseconds;
            var start = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds() / windowMs * windowMs);
            if (await counters.IncrementAsync(counter, start, window.Length, cancellationToken) > window.PermitLimit)
            {
                return CounterLease.Rejected(start + window.Length - now);
            }
        }

        return CounterLease.Acquired;
    }

    private sealed class CounterLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly CounterLease Acquired = new(true, null);
        public static readonly CounterLease Deferred = new(false, null);

        public static CounterLease Rejected(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
