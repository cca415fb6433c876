using System.Collections.Concurrent;
using Dapper;
using Steward.Audit;
using Steward.Storage;

namespace Steward.Tools;

/// <summary>An org's policy for a tool, and whether it is the tool's default (the org never set one).</summary>
public sealed record EffectivePolicy(ToolPolicy Policy, bool IsDefault);

/// <summary>
/// Per-org tool policies in the database. Each instance caches an org's policies for <see cref="CacheFor"/>, so a
/// change made on another instance applies within that time; a change made here applies at once.
/// </summary>
public sealed class ToolPolicyStore(Database database, AuditLog audit, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (long LoadedAt, IReadOnlyDictionary<string, ToolPolicy> Policies)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<EffectivePolicy> GetAsync(string orgId, ToolDefinition tool, CancellationToken cancellationToken)
    {
        var policies = await LoadAsync(orgId, cancellationToken);
        return policies.TryGetValue(tool.Name, out var policy) ? new EffectivePolicy(policy, false) : new EffectivePolicy(tool.DefaultPolicy, true);
    }

    public async ValueTask<IReadOnlyDictionary<string, ToolPolicy>> LoadAsync(string orgId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(orgId, out var cached) && time.GetElapsedTime(cached.LoadedAt) < CacheFor)
        {
            return cached.Policies;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Tool, long Enabled, long RequiresApproval, long CallsPerMinute)>(
            "SELECT tool, enabled, requires_approval, calls_per_minute FROM tool_policies WHERE org_id = @orgId", new { orgId });
        var policies = rows.ToDictionary(
            row => row.Tool, row => new ToolPolicy(row.Enabled == 1, row.RequiresApproval == 1, (int)row.CallsPerMinute), StringComparer.Ordinal);
        _cache[orgId] = (time.GetTimestamp(), policies);
        return policies;
    }

    public async Task SetAsync(string orgId, string tool, ToolPolicy policy, AuditActor actor, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO tool_policies (org_id, tool, enabled, requires_approval, calls_per_minute, updated_at, updated_by)
                VALUES (@orgId, @tool, @enabled, @requiresApproval, @callsPerMinute, @now, @by)
                ON CONFLICT (org_id, tool) DO UPDATE SET enabled = excluded.enabled, requires_approval = excluded.requires_approval,
                    calls_per_minute = excluded.calls_per_minute, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """,
                new
                {
                    orgId, tool, enabled = policy.Enabled ? 1L : 0L, requiresApproval = policy.RequiresApproval ? 1L : 0L,
                    callsPerMinute = (long)policy.CallsPerMinute, now = time.GetUtcNow(), by = $"{actor.Type}:{actor.Id}",
                });
        }

        _cache.TryRemove(orgId, out _);
        await audit.WriteAsync(new AuditEntry(orgId, actor, "tool.policy.set", "success", tool, new Dictionary<string, string?>
        {
            ["enabled"] = policy.Enabled ? "true" : "false",
            ["requires_approval"] = policy.RequiresApproval ? "true" : "false",
            ["calls_per_minute"] = policy.CallsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }), cancellationToken);
    }
}
