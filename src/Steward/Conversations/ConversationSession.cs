using System.Text.Json;

namespace Steward.Conversations;

public enum MessageRole
{
    User,
    Assistant,
}

/// <summary>One message of a conversation as the pipeline reads it back (the store may keep it more compactly).</summary>
public sealed record SessionMessage(MessageRole Role, string Text, DateTimeOffset At, string? Intent);

/// <summary>
/// A conversation as the turn pipeline sees it: the last messages kept in context (at most the configured number of
/// turns), the slots filled so far (e.g. <c>order_id</c>, <c>phone</c>, <c>pending_intent</c>), and its expiry.
/// </summary>
public sealed record ConversationSession(
    string Id,
    string OrgId,
    string? UserId,
    string Channel,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActiveAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<SessionMessage> Messages,
    IReadOnlyDictionary<string, string> Slots);

/// <summary>One answered turn, stored with the session and returned in its history.</summary>
/// <param name="BotContext">What produced the answer (responder, model, intent, retrieved ids, tool call ids, latency, tokens).</param>
/// <param name="Flags">Markers for what happens downstream, e.g. <c>fallback</c> (the LLM was down: never auto-send).</param>
public sealed record TurnRecord(
    string TurnId,
    string Channel,
    string UserText,
    string Answer,
    string Intent,
    double Confidence,
    bool Grounded,
    IReadOnlyList<string> Flags,
    JsonElement BotContext,
    DateTimeOffset At);

/// <summary>
/// Where conversations live: persisted (so a restart or another instance continues them) with an in-memory cache in
/// front. Sessions belong to one org; an id of another org's session is treated as unknown.
/// </summary>
public interface ISessionStore
{
    /// <summary>
    /// The live session with this id in this org, or a new one: with <paramref name="sessionId"/> when it is given but
    /// unknown or expired (ids are chosen by clients, e.g. a chat widget), with a fresh random id when it is null.
    /// </summary>
    Task<ConversationSession> GetOrCreateAsync(string orgId, string? sessionId, string? userId, string channel, CancellationToken cancellationToken);

    /// <summary>The live session, or null when it is unknown, expired, or another org's.</summary>
    Task<ConversationSession?> FindAsync(string orgId, string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a turn: appends the user's text and the answer to the session's messages (keeping the last N turns in
    /// context), replaces its slots, stores the turn row with its <c>bot_context</c>, and extends the session's TTL.
    /// Returns the session as it is now.
    /// </summary>
    Task<ConversationSession> SaveTurnAsync(
        ConversationSession session, TurnRecord turn, IReadOnlyDictionary<string, string> slots, CancellationToken cancellationToken);

    /// <summary>Every stored turn of the session, oldest first (the whole history, not only the turns in context).</summary>
    Task<IReadOnlyList<TurnRecord>> HistoryAsync(string orgId, string sessionId, CancellationToken cancellationToken);

    /// <summary>The turn with this id in this org (for feedback), or null.</summary>
    Task<TurnRecord?> FindTurnAsync(string orgId, string turnId, CancellationToken cancellationToken);
}
