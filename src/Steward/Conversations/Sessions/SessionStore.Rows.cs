using Dapper;
using Steward.Storage;

namespace Steward.Conversations.Sessions;

/// <summary>The session row's SQL: read (validating the cached snapshot), create, restart after expiry, append a turn.</summary>
internal sealed partial class SessionStore
{
    /// <summary>
    /// The session as stored now, expired or not, or null when there is no row. One query: when the cached snapshot
    /// still has the row's version the row comes back without its context and slots, and the snapshot is used.
    /// </summary>
    private async Task<CachedSession?> ReadAsync(string orgId, string id, CancellationToken cancellationToken)
    {
        var cached = _cache.TryGet(orgId, id);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(
            """
            SELECT generation, turn_count, user_id, channel, created_at, last_active_at, expires_at,
                   CASE WHEN generation = @generation AND turn_count = @turnCount THEN NULL ELSE slots END AS slots,
                   CASE WHEN generation = @generation AND turn_count = @turnCount THEN NULL ELSE context END AS context
            FROM conversation_sessions WHERE org_id = @orgId AND id = @id
            """,
            new { orgId, id, generation = cached?.Generation ?? -1, turnCount = cached?.TurnCount ?? -1 });
        if (row is null)
        {
            _cache.Remove(orgId, id);
            return null;
        }

        CachedSession session;
        if (cached is not null && row.Context is null)
        {
            session = cached.WithRow(row.UserId, _strings.Intern(row.Channel), row.CreatedAt, row.LastActiveAt, row.ExpiresAt);
            _metrics.SessionCacheLookups.Add(1, new KeyValuePair<string, object?>("result", "hit"));
        }
        else
        {
            session = new CachedSession(
                _strings.Intern(orgId), id, row.Generation, row.TurnCount, row.UserId, _strings.Intern(row.Channel), row.CreatedAt, row.LastActiveAt,
                row.ExpiresAt, SessionJson.ReadContext(row.Context!, _strings), SessionJson.ReadSlots(row.Slots!, _strings));
            _metrics.SessionCacheLookups.Add(1, new KeyValuePair<string, object?>("result", cached is null ? "miss" : "stale"));
        }

        if (session.IsLive(NowMs))
        {
            _cache.Set(session);
        }
        else
        {
            _cache.Remove(orgId, id);
        }

        return session;
    }

    /// <summary>
    /// A new row, or null when another caller created it first. Its generation is past every stored turn of the id, so
    /// turns of an earlier session under the same id (whose row the cleanup removed) never show in its history.
    /// </summary>
    private async Task<CachedSession?> TryInsertAsync(string orgId, string id, string? userId, string channel, long now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var generation = await connection.ExecuteScalarAsync<long?>(
            """
            INSERT INTO conversation_sessions (org_id, id, generation, user_id, channel, created_at, last_active_at, expires_at, turn_count, slots, context)
            VALUES (@orgId, @id, (SELECT COALESCE(MAX(generation), 0) + 1 FROM conversation_turns WHERE org_id = @orgId AND session_id = @id),
                    @userId, @channel, @now, @now, @expires, 0, @slots, @context)
            ON CONFLICT (org_id, id) DO NOTHING
            RETURNING generation
            """,
            new { orgId, id, userId, channel, now, expires = now + _ttlMs, slots = SessionJson.EmptySlots, context = SessionJson.EmptyContext });
        return generation is { } value ? Fresh(orgId, id, value, userId, channel, now) : null;
    }

    /// <summary>The expired row becomes a new session (the next generation), or null when someone else changed it first.</summary>
    private async Task<CachedSession?> TryRestartAsync(CachedSession expired, string? userId, string channel, long now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var generation = await connection.ExecuteScalarAsync<long?>(
            """
            UPDATE conversation_sessions
            SET generation = generation + 1, user_id = @userId, channel = @channel, created_at = @now, last_active_at = @now, expires_at = @expires,
                turn_count = 0, slots = @slots, context = @context
            WHERE org_id = @orgId AND id = @id AND generation = @generation AND turn_count = @turnCount AND expires_at <= @now
            RETURNING generation
            """,
            new
            {
                orgId = expired.OrgId, id = expired.Id, userId, channel, now, expires = now + _ttlMs, slots = SessionJson.EmptySlots,
                context = SessionJson.EmptyContext, generation = expired.Generation, turnCount = expired.TurnCount,
            });
        return generation is { } value ? Fresh(expired.OrgId, expired.Id, value, userId, channel, now) : null;
    }

    /// <summary>Writes the turn and the session's next state in one transaction, only if the row is still at <paramref name="current"/>.</summary>
    private async Task<bool> TryAppendAsync(CachedSession current, CachedSession next, TurnRecord turn, string slotsJson, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var updated = await connection.ExecuteAsync(
            """
            UPDATE conversation_sessions
            SET turn_count = @nextCount, last_active_at = @now, expires_at = @expires, slots = @slots, context = @context
            WHERE org_id = @orgId AND id = @id AND generation = @generation AND turn_count = @turnCount AND expires_at > @now
            """,
            new
            {
                orgId = current.OrgId, id = current.Id, generation = current.Generation, turnCount = current.TurnCount, nextCount = next.TurnCount,
                now = next.LastActiveAtMs, expires = next.ExpiresAtMs, slots = slotsJson, context = SessionJson.WriteContext(next.Messages),
            },
            transaction);
        if (updated == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO conversation_turns (org_id, id, session_id, generation, seq, channel, at, user_text, answer, intent, confidence, grounded, flags, bot_context)
            VALUES (@orgId, @TurnId, @sessionId, @generation, @seq, @Channel, @at, @UserText, @Answer, @Intent, @Confidence, @grounded, @flags, @botContext)
            """,
            new
            {
                orgId = current.OrgId, turn.TurnId, sessionId = current.Id, generation = current.Generation, seq = next.TurnCount, turn.Channel,
                at = turn.At.ToUnixTimeMilliseconds(), turn.UserText, turn.Answer, turn.Intent, turn.Confidence, grounded = turn.Grounded ? 1L : 0L,
                flags = SessionJson.WriteFlags(turn.Flags),
                botContext = turn.BotContext.ValueKind == System.Text.Json.JsonValueKind.Undefined ? null : turn.BotContext.GetRawText(),
            },
            transaction);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private CachedSession Fresh(string orgId, string id, long generation, string? userId, string channel, long now) =>
        new(_strings.Intern(orgId), id, generation, 0, userId, _strings.Intern(channel), now, now, now + _ttlMs, [], CachedSession.NoSlots);

    private sealed class SessionRow
    {
        public long Generation { get; set; }
        public long TurnCount { get; set; }
        public string? UserId { get; set; }
        public string Channel { get; set; } = "";
        public long CreatedAt { get; set; }
        public long LastActiveAt { get; set; }
        public long ExpiresAt { get; set; }
        public string? Slots { get; set; }
        public string? Context { get; set; }
    }
}
