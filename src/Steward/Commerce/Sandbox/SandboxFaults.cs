using System.Data.Common;
using Dapper;
using Steward.Audit;
using Steward.Storage;

namespace Steward.Commerce.Sandbox;

/// <summary>The failures that can be injected into an org's sandbox shop.</summary>
public static class SandboxFaultModes
{
    /// <summary>The reply is refused (Cafe24's 422): nothing is stored, the send fails.</summary>
    public const string Refuse = "refuse";

    /// <summary>The reply is stored but its answer is lost (a 503): the sender cannot know, reconciliation finds the reply.</summary>
    public const string Lost = "lost";

    public static bool IsValid(string? mode) => mode is Refuse or Lost;
}

/// <summary>An org's injected failures: the mode and how many of the next replies it still hits.</summary>
public sealed record SandboxFault(string? Mode, int Remaining, DateTimeOffset? SetAt, string? SetBy)
{
    public static readonly SandboxFault None = new(null, 0, null, null);
}

/// <summary>
/// Failures an admin injects into the org's sandbox shop for a drill or the demo: the next N replies to its boards are
/// refused or lose their answer, through whichever path replies (the sender, the sandbox's HTTP API). Stored in the
/// database, so every instance sees the same count and each injected failure hits exactly one reply.
/// </summary>
public sealed class SandboxFaults(Database database, AuditLog audit, TimeProvider time)
{
    public const int MaxCount = 1000;

    public async Task<SandboxFault> GetAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            "SELECT mode, remaining, set_at, set_by FROM sandbox_faults WHERE org_id = @orgId AND remaining > 0", new { orgId });
        return row is null ? SandboxFault.None : new SandboxFault(row.Mode, (int)row.Remaining, row.SetAt, row.SetBy);
    }

    /// <summary>The next <paramref name="count"/> replies fail in <paramref name="mode"/>, replacing what was injected before.</summary>
    public async Task SetAsync(string orgId, string mode, int count, AuditActor actor, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO sandbox_faults (org_id, mode, remaining, set_at, set_by) VALUES (@orgId, @mode, @count, @now, @by)
                ON CONFLICT (org_id) DO UPDATE SET mode = excluded.mode, remaining = excluded.remaining, set_at = excluded.set_at, set_by = excluded.set_by
                """,
                new { orgId, mode, count, now = time.GetUtcNow(), by = $"{actor.Type}:{actor.Id}" });
        }

        await audit.WriteAsync(
            new AuditEntry(orgId, actor, "sandbox.faults.set", "success", null, new Dictionary<string, string?> { ["mode"] = mode, ["count"] = $"{count}" }),
            cancellationToken);
    }

    public async Task ClearAsync(string orgId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync("DELETE FROM sandbox_faults WHERE org_id = @orgId", new { orgId });
        }

        await audit.WriteAsync(new AuditEntry(orgId, actor, "sandbox.faults.clear", "success"), cancellationToken);
    }

    /// <summary>Properties, not a constructor: Dapper converts SQLite's and PostgreSQL's column types into these.</summary>
    private sealed class Row
    {
        public string Mode { get; init; } = "";
        public long Remaining { get; init; }
        public DateTimeOffset SetAt { get; init; }
        public string SetBy { get; init; } = "";
    }

    /// <summary>Uses up one injected failure in the reply's transaction: its mode, or null when none is left.</summary>
    internal static Task<string?> TakeAsync(DbConnection connection, DbTransaction transaction, string orgId) =>
        connection.QuerySingleOrDefaultAsync<string?>(
            "UPDATE sandbox_faults SET remaining = remaining - 1 WHERE org_id = @orgId AND remaining > 0 RETURNING mode", new { orgId }, transaction);
}
