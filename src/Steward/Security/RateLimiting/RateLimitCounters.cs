using System.Collections.Concurrent;
using Dapper;
using Steward.Storage;

namespace Steward.Security.RateLimiting;

/// <summary>Fixed-window counters: add one to a bucket's current window and return the new count.</summary>
public interface IRateLimitCounters
{
    /// <summary>True when <see cref="IncrementAsync"/> always completes synchronously (counters in this process).</summary>
    bool IsSynchronous { get; }

    ValueTask<long> IncrementAsync(string bucket, DateTimeOffset windowStart, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Forgets windows that have ended.</summary>
    Task SweepAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>Counters in this process: used on SQLite, where one process owns the database file.</summary>
internal sealed class InMemoryRateLimitCounters : IRateLimitCounters
{
    public bool IsSynchronous => true;

    private readonly ConcurrentDictionary<(string Bucket, long WindowStart), Counter> _counters = new();

    public ValueTask<long> IncrementAsync(string bucket, DateTimeOffset windowStart, TimeSpan window, CancellationToken cancellationToken)
    {
        var counter = _counters.GetOrAdd((bucket, windowStart.ToUnixTimeMilliseconds()), static (_, expires) => new Counter(expires), windowStart + window);
        return ValueTask.FromResult(Interlocked.Increment(ref counter.Count));
    }

    public Task SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var pair in _counters)
        {
            if (pair.Value.Expires <= now)
            {
                _counters.TryRemove(pair.Key, out _);
            }
        }

        return Task.CompletedTask;
    }

    private sealed class Counter(DateTimeOffset expires)
    {
        public long Count;

        public DateTimeOffset Expires { get; } = expires;
    }
}

/// <summary>Counters in the database: on PostgreSQL every instance shares them, so N instances enforce one limit.</summary>
internal sealed class DatabaseRateLimitCounters(Database database) : IRateLimitCounters
{
    public bool IsSynchronous => false;

    public async ValueTask<long> IncrementAsync(string bucket, DateTimeOffset windowStart, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO rate_limit_counters (bucket, window_start, count, expires_at) VALUES (@bucket, @windowStart, 1, @expires)
            ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
            RETURNING count
            """,
            new { bucket, windowStart, expires = windowStart + window });
    }

    public async Task SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM rate_limit_counters WHERE expires_at <= @now", new { now });
    }
}
