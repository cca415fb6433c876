using System.Text.Json;
using Dapper;
using Steward.Security;
using Steward.Storage;

namespace Steward.Audit;

/// <summary>What happened, by whom, to what, with what outcome. Free text passes the PII masker before it is stored.</summary>
public sealed record AuditEntry(
    string OrgId,
    AuditActor Actor,
    string Action,
    string Outcome,
    string? Target = null,
    IReadOnlyDictionary<string, string?>? Details = null);

/// <summary>The one acting: a user, an API key, the command line or Steward itself.</summary>
public sealed record AuditActor(string Type, string? Id, string? ClientIp = null)
{
    public static AuditActor Cli { get; } = new("cli", Environment.UserName);

    public static AuditActor System { get; } = new("system", null);

    /// <summary>The authenticated caller of an HTTP request, with its client IP.</summary>
    public static AuditActor From(HttpContext context)
    {
        var caller = context.User.GetCaller();
        return new(caller.ActorType, caller.ActorId, context.Connection.RemoteIpAddress?.ToString());
    }
}

public sealed record AuditEvent(
    long Id,
    string OrgId,
    DateTimeOffset OccurredAt,
    string ActorType,
    string? ActorId,
    string Action,
    string? Target,
    string Outcome,
    string? ClientIp,
    string? Details);

/// <summary>The append-only audit trail (the table refuses UPDATE and DELETE by trigger).</summary>
public sealed class AuditLog(Database database, PiiMasker masker, TimeProvider time)
{
    public const int MaxPageSize = 500;

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        string? details = null;
        if (entry.Details is { Count: > 0 })
        {
            details = JsonSerializer.Serialize(entry.Details.ToDictionary(pair => pair.Key, pair => pair.Value is null ? null : masker.Mask(pair.Value)));
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO audit_events (org_id, occurred_at, actor_type, actor_id, action, target, outcome, client_ip, details)
            VALUES (@OrgId, @OccurredAt, @ActorType, @ActorId, @Action, @Target, @Outcome, @ClientIp, @Details)
            """,
            new
            {
                entry.OrgId,
                OccurredAt = time.GetUtcNow(),
                ActorType = entry.Actor.Type,
                ActorId = entry.Actor.Id,
                entry.Action,
                Target = entry.Target is null ? null : masker.Mask(entry.Target),
                entry.Outcome,
                ClientIp = entry.Actor.ClientIp,
                Details = details,
            });
    }

    /// <summary>Newest first. <paramref name="beforeId"/> pages backwards; <paramref name="action"/> matches a prefix.</summary>
    public async Task<IReadOnlyList<AuditEvent>> QueryAsync(
        string orgId, string? action = null, long? beforeId = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditEvent>(
            """
            SELECT id, org_id, occurred_at, actor_type, actor_id, action, target, outcome, client_ip, details
            FROM audit_events
            WHERE org_id = @orgId
              AND (@action IS NULL OR action LIKE @actionPrefix)
              AND (@beforeId IS NULL OR id < @beforeId)
            ORDER BY id DESC
            LIMIT @limit
            """,
            new { orgId, action, actionPrefix = action + "%", beforeId, limit = Math.Clamp(limit, 1, MaxPageSize) });
        return rows.ToList();
    }
}
