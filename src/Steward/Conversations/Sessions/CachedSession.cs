namespace Steward.Conversations.Sessions;

/// <summary>
/// One message as the cache keeps it: 32 bytes in its session's array (no object of its own) plus the text. The intent
/// is an interned string shared by every message with that intent.
/// </summary>
internal readonly record struct CachedMessage(string Text, string? Intent, long AtMs, MessageRole Role);

/// <summary>
/// An immutable snapshot of one session as stored: a turn makes a new snapshot. <see cref="Generation"/> and
/// <see cref="TurnCount"/> are its version: the row in the database is updated only while it still has them.
/// </summary>
internal sealed class CachedSession(
    string orgId, string id, long generation, long turnCount, string? userId, string channel, long createdAtMs, long lastActiveAtMs,
    long expiresAtMs, CachedMessage[] messages, KeyValuePair<string, string>[] slots)
{
    public static readonly KeyValuePair<string, string>[] NoSlots = [];

    public string OrgId { get; } = orgId;

    public string Id { get; } = id;

    public long Generation { get; } = generation;

    public long TurnCount { get; } = turnCount;

    public string? UserId { get; } = userId;

    public string Channel { get; } = channel;

    public long CreatedAtMs { get; } = createdAtMs;

    public long LastActiveAtMs { get; } = lastActiveAtMs;

    public long ExpiresAtMs { get; } = expiresAtMs;

    public CachedMessage[] Messages { get; } = messages;

    public KeyValuePair<string, string>[] Slots { get; } = slots;

    public bool IsLive(long nowMs) => ExpiresAtMs > nowMs;

    /// <summary>Whether this snapshot is a later state of the session than <paramref name="other"/>.</summary>
    public bool IsNewerThan(CachedSession other) =>
        Generation > other.Generation || (Generation == other.Generation && TurnCount > other.TurnCount);

    /// <summary>
    /// This snapshot's messages and slots (which only a turn changes: the version covers them) with the row's other columns,
    /// which the row always supplies: an id whose row was removed and created again can come back at the same version.
    /// </summary>
    public CachedSession WithRow(string? userId, string channel, long createdAtMs, long lastActiveAtMs, long expiresAtMs) =>
        userId == UserId && channel == Channel && createdAtMs == CreatedAtMs && lastActiveAtMs == LastActiveAtMs && expiresAtMs == ExpiresAtMs
            ? this
            : new(OrgId, Id, Generation, TurnCount, userId, channel, createdAtMs, lastActiveAtMs, expiresAtMs, Messages, Slots);

    /// <summary>The state after <paramref name="turn"/>: its two messages appended, the oldest beyond the limit dropped, slots replaced.</summary>
    public CachedSession WithTurn(TurnRecord turn, KeyValuePair<string, string>[] slots, long nowMs, long expiresAtMs, int maxMessages, StringPool strings)
    {
        var keep = Math.Min(Messages.Length, maxMessages - 2);
        var messages = new CachedMessage[keep + 2];
        Array.Copy(Messages, Messages.Length - keep, messages, 0, keep);
        var at = turn.At.ToUnixTimeMilliseconds();
        var intent = strings.Intern(turn.Intent);
        messages[keep] = new CachedMessage(turn.UserText, intent, at, MessageRole.User);
        messages[keep + 1] = new CachedMessage(turn.Answer, intent, at, MessageRole.Assistant);
        return new(OrgId, Id, Generation, TurnCount + 1, UserId, Channel, CreatedAtMs, nowMs, expiresAtMs, messages, slots);
    }

    public ConversationSession ToSession()
    {
        var messages = new SessionMessage[Messages.Length];
        for (var i = 0; i < messages.Length; i++)
        {
            var message = Messages[i];
            messages[i] = new SessionMessage(message.Role, message.Text, DateTimeOffset.FromUnixTimeMilliseconds(message.AtMs), message.Intent);
        }

        var slots = new Dictionary<string, string>(Slots.Length, StringComparer.Ordinal);
        foreach (var (key, value) in Slots)
        {
            slots[key] = value;
        }

        return new ConversationSession(
            Id, OrgId, UserId, Channel, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs), DateTimeOffset.FromUnixTimeMilliseconds(LastActiveAtMs),
            DateTimeOffset.FromUnixTimeMilliseconds(ExpiresAtMs), messages, slots);
    }
}
