using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Steward.Storage;

namespace Steward.Observability;

/// <summary>Tags that decide which endpoint runs a check. A later module adds a check tagged <see cref="Detailed"/> and it appears on <c>/health/detailed</c>.</summary>
public static class HealthTags
{
    /// <summary>Needed to serve traffic: <c>/readiness</c>, <c>/health</c>.</summary>
    public const string Ready = "ready";

    /// <summary>Shown on <c>/health</c>.</summary>
    public const string Summary = "summary";

    /// <summary>Shown on <c>/health/detailed</c> (every check is).</summary>
    public const string Detailed = "detailed";
}

internal sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<long>("SELECT 1");
            return HealthCheckResult.Healthy(data: new Dictionary<string, object> { ["dialect"] = database.Dialect.ToString().ToLowerInvariant() });
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
    }
}

internal sealed class MigrationsHealthCheck(Migrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = await migrator.PendingAsync(cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied: run 'steward migrate'.");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("Migrations cannot be read from the database.");
        }
    }
}

/// <summary>Free space where the data lives: degraded under 1 GiB, unhealthy under 100 MiB.</summary>
internal sealed class DiskSpaceHealthCheck(IOptions<StorageOptions> storage) : IHealthCheck
{
    public const long DegradedBelowBytes = 1L << 30;
    public const long UnhealthyBelowBytes = 100L << 20;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var free = FreeBytes(storage.Value.DataDir);
        var data = new Dictionary<string, object> { ["free_bytes"] = free };
        return Task.FromResult(free switch
        {
            < UnhealthyBelowBytes => HealthCheckResult.Unhealthy("Less than 100 MiB free for the data folder.", data: data),
            < DegradedBelowBytes => HealthCheckResult.Degraded("Less than 1 GiB free for the data folder.", data: data),
            _ => HealthCheckResult.Healthy(data: data),
        });
    }

    public static long FreeBytes(string path)
    {
        var full = Path.GetFullPath(path);
        while (!Directory.Exists(full) && Path.GetDirectoryName(full) is { } parent)
        {
            full = parent;
        }

        return new DriveInfo(full).AvailableFreeSpace;
    }
}

/// <summary>Latency of the last requests this instance served: degraded when p95 exceeds two seconds.</summary>
internal sealed class RecentRequestsHealthCheck(RecentRequests recent) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (count, p50, p95, p99) = recent.Percentiles();
        var data = new Dictionary<string, object>
        {
            ["requests"] = count,
            ["p50_ms"] = Math.Round(p50, 2),
            ["p95_ms"] = Math.Round(p95, 2),
            ["p99_ms"] = Math.Round(p99, 2),
        };
        return Task.FromResult(p95 > 2000
            ? HealthCheckResult.Degraded("Recent requests are slow (p95 over 2 s).", data: data)
            : HealthCheckResult.Healthy(data: data));
    }
}
