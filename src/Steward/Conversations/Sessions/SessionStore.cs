using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Steward.Observability;
using Steward.Storage;

namespace Steward.Conversations.Sessions;

/// <summary>
/// Sessions in the database with a per-instance LRU cache of snapshots in front. Correct across instances on one
/// database: every read checks the cached snapshot's version (generation, turn count) against the row in the same
/// query that would load it, and a turn is written only while the row still has the version it was computed from
/// (otherwise the session is reloaded and the turn appended to what is there). See docs/decisions.md.
/// </summary>
internal sealed partial class SessionStore : ISessionStore
{
    private const int MaxAttempts = 20;
    private const int LockStripes = 256;
    private const int CleanupBatch = 1000;

    private readonly Database _database;
    private readonly TimeProvider _time;
    private readonly StewardMetrics _metrics;
    private readonly ILogger<SessionStore> _logger;
    private readonly SessionCache _cache;
    private readonly StringPool _strings = new();
    private readonly long _ttlMs;
    private readonly int _maxMessages;

    // Turns of one session in one instance queue here instead of racing each other in the database; instances race
    // only with each other, which the version check settles.
    private readonly SemaphoreSlim[] _locks = [.. Enumerable.Range(0, LockStripes).Select(_ => new SemaphoreSlim(1, 1))];

    public SessionStore(Database database, IOptions<ConversationSessionOptions> options, TimeProvider time, StewardMetrics metrics, ILogger<SessionStore> logger)
    {
        _database = database;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _cache = new SessionCache(options.Value.CacheCapacity);
        _ttlMs = (long)options.Value.Ttl.TotalMilliseconds;
        _maxMessages = options.Value.MaxTurnsInContext * 2;
        metrics.ObserveCachedSessions(() => _cache.Count);
    }

    internal SessionCache Cache => _cache;

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<ConversationSession> GetOrCreateAsync(
        string orgId, string? sessionId, string? userId, string channel, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(orgId);
        ArgumentException.ThrowIfNullOrEmpty(channel);
        if (sessionId is null)
        {
            // 128 random bits cannot name an existing session: no read first.
            var fresh = await TryInsertAsync(orgId, SessionIds.NewSessionId(), userId, channel, NowMs, cancellationToken)
                ?? throw new InvalidOperationException("A new random session id was already taken.");
            _cache.Set(fresh);
            return fresh.ToSession();
        }

        SessionIds.EnsureValid(sessionId, nameof(sessionId));
        return (await LiveOrNewAsync(orgId, sessionId, userId, channel, cancellationToken)).ToSession();
    }

    public async Task<ConversationSession?> FindAsync(string orgId, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(orgId);
        SessionIds.EnsureValid(sessionId, nameof(sessionId));
        var session = await ReadAsync(orgId, sessionId, cancellationToken);
        return session is not null && session.IsLive(NowMs) ? session.ToSession() : null;
    }

    public async Task<ConversationSession> SaveTurnAsync(
        ConversationSession session, TurnRecord turn, IReadOnlyDictionary<string, string> slots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentException.ThrowIfNullOrEmpty(session.OrgId, nameof(session));
        SessionIds.EnsureValid(session.Id, nameof(session));
        SessionIds.EnsureValid(turn.TurnId, nameof(turn));
        var slotPairs = SessionJson.ToSlots(slots, _strings);
        var slotsJson = SessionJson.WriteSlots(slotPairs);
        var gate = _locks[(uint)HashCode.Combine(session.OrgId, session.Id) % LockStripes];
        await gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                var now = NowMs;
                var current = _cache.TryGet(session.OrgId, session.Id);
                if (current is null || !current.IsLive(now))
                {
                    current = await LiveOrNewAsync(session.OrgId, session.Id, session.UserId, session.Channel, cancellationToken);
                }

                var next = current.WithTurn(turn, slotPairs, now, now + _ttlMs, _maxMessages, _strings);
                if (await TryAppendAsync(current, next, turn, slotsJson, cancellationToken))
                {
                    _cache.Set(next);
                    return next.ToSession();
                }

                // Another instance wrote a turn (or restarted or removed the session) since our snapshot: reload.
                _cache.Remove(session.OrgId, session.Id);
                _metrics.SessionConflicts.Add(1);
                LogConflict(_logger, session.OrgId, session.Id, attempt);
            }

            throw new InvalidOperationException($"The turn could not be saved: session '{session.Id}' kept changing for {MaxAttempts} attempts.");
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<IReadOnlyList<TurnRecord>> HistoryAsync(string orgId, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(orgId);
        SessionIds.EnsureValid(sessionId, nameof(sessionId));
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TurnRow>(
            """
            SELECT t.id, t.channel, t.at, t.user_text, t.answer, t.intent, t.confidence, t.grounded, t.flags, t.bot_context
            FROM conversation_turns t
            JOIN conversation_sessions s ON s.org_id = t.org_id AND s.id = t.session_id AND s.generation = t.generation
            WHERE t.org_id = @orgId AND t.session_id = @sessionId AND s.expires_at > @now
            ORDER BY t.seq
            """,
            new { orgId, sessionId, now = NowMs });
        return rows.Select(row => row.ToRecord()).ToList();
    }

    public async Task<TurnRecord?> FindTurnAsync(string orgId, string turnId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(orgId);
        ArgumentException.ThrowIfNullOrEmpty(turnId);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TurnRow>(
            """
            SELECT id, channel, at, user_text, answer, intent, confidence, grounded, flags, bot_context
            FROM conversation_turns WHERE org_id = @orgId AND id = @turnId
            """,
            new { orgId, turnId });
        return row?.ToRecord();
    }

    /// <summary>
    /// Deletes expired sessions (in batches, so no statement holds the write lock for long) and drops them from this
    /// instance's cache. Their turns stay: they are the audit trail. Returns how many rows were deleted.
    /// </summary>
    public async Task<int> RemoveExpiredAsync(CancellationToken cancellationToken)
    {
        var now = NowMs;
        _cache.RemoveExpired(now);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var total = 0;
        int deleted;
        do
        {
            deleted = await connection.ExecuteAsync(
                """
                DELETE FROM conversation_sessions
                WHERE (org_id, id) IN (SELECT org_id, id FROM conversation_sessions WHERE expires_at <= @now LIMIT @batch)
                """,
                new { now, batch = CleanupBatch });
            total += deleted;
        }
        while (deleted == CleanupBatch && !cancellationToken.IsCancellationRequested);

        return total;
    }

    private async Task<CachedSession> LiveOrNewAsync(string orgId, string id, string? userId, string channel, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var stored = await ReadAsync(orgId, id, cancellationToken);
            var now = NowMs;
            if (stored is not null && stored.IsLive(now))
            {
                return stored;
            }

            var created = stored is null
                ? await TryInsertAsync(orgId, id, userId, channel, now, cancellationToken)
                : await TryRestartAsync(stored, userId, channel, now, cancellationToken);
            if (created is not null)
            {
                _cache.Set(created);
                return created;
            }
        }

        throw new InvalidOperationException($"Session '{id}' kept changing for {MaxAttempts} attempts.");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId} of org {OrgId} changed elsewhere before turn attempt {Attempt}; reloaded")]
    private static partial void LogConflict(ILogger logger, string orgId, string sessionId, int attempt);

    private sealed class TurnRow
    {
        public string Id { get; set; } = "";
        public string Channel { get; set; } = "";
        public long At { get; set; }
        public string UserText { get; set; } = "";
        public string Answer { get; set; } = "";
        public string Intent { get; set; } = "";
        public double Confidence { get; set; }
        public long Grounded { get; set; }
        public string Flags { get; set; } = "[]";
        public string? BotContext { get; set; }

        public TurnRecord ToRecord() => new(
            Id, Channel, UserText, Answer, Intent, Confidence, Grounded != 0, SessionJson.ReadFlags(Flags),
            BotContext is null ? default : JsonDocument.Parse(BotContext).RootElement.Clone(), DateTimeOffset.FromUnixTimeMilliseconds(At));
    }
}
