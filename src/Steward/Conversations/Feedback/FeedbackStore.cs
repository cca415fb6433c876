using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Steward.Conversations.Sessions;
using Steward.Security;
using Steward.Storage;

namespace Steward.Conversations.Feedback;

/// <summary>A rating as stored: whether the answer helped.</summary>
public static class FeedbackRatings
{
    public const int Up = 1;
    public const int Down = -1;

    /// <summary><c>1</c>/<c>-1</c> as numbers or strings, or <c>up</c>/<c>down</c>.</summary>
    public static int? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "1" or "up" => Up,
        "-1" or "down" => Down,
        _ => null,
    };
}

public sealed record FeedbackSaved(string Id, bool Created);

/// <summary>The rated turn as an admin reviews it.</summary>
public sealed record FeedbackTurn(
    DateTimeOffset At, string Channel, string UserText, string Answer, string Intent, double Confidence, bool Grounded, IReadOnlyList<string> Flags,
    JsonElement? BotContext);

public sealed record FeedbackEntry(
    string Id, string TurnId, string SessionId, int Rating, string? Comment, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string CreatedBy,
    FeedbackTurn Turn);

/// <summary>Filters for <see cref="FeedbackStore.ListAsync"/>; <see cref="To"/> is exclusive.</summary>
public sealed record FeedbackQuery(int? Rating = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 100, int Offset = 0);

/// <summary>
/// What callers said about answered turns: one rating per caller and turn (rating again replaces it). Comments pass the
/// PII masker before they are stored: they are read by reviewers, not by the conversation.
/// </summary>
public sealed class FeedbackStore(Database database, PiiMasker masker, TimeProvider time)
{
    public const int MaxCommentLength = 1000;
    public const int MaxPageSize = 500;

    /// <summary>Stores or replaces the caller's rating of the turn; null when the org has no such turn.</summary>
    public async Task<FeedbackSaved?> SaveAsync(
        string orgId, string turnId, int rating, string? comment, string createdBy, CancellationToken cancellationToken)
    {
        if (rating is not (FeedbackRatings.Up or FeedbackRatings.Down))
        {
            throw new ArgumentOutOfRangeException(nameof(rating), rating, "A rating is 1 (helpful) or -1 (not helpful).");
        }

        if (!SessionIds.IsValid(turnId))
        {
            return null;
        }

        var id = "fb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        await using var connection = await database.OpenAsync(cancellationToken);
        // The turn's existence and the write are one statement: no turn, no row (and the foreign key agrees).
        var stored = await connection.ExecuteScalarAsync<string?>(
            """
            INSERT INTO feedback (org_id, id, turn_id, session_id, rating, comment, created_at, updated_at, created_by)
            SELECT org_id, @id, id, session_id, @rating, @comment, @now, @now, @createdBy
            FROM conversation_turns WHERE org_id = @orgId AND id = @turnId
            ON CONFLICT (org_id, turn_id, created_by) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, updated_at = excluded.updated_at
            RETURNING id
            """,
            new
            {
                orgId, id, turnId, rating = (long)rating, comment = string.IsNullOrWhiteSpace(comment) ? null : masker.Mask(comment.Trim()),
                now = time.GetUtcNow().ToUnixTimeMilliseconds(), createdBy,
            });
        return stored is null ? null : new FeedbackSaved(stored, stored == id);
    }

    /// <summary>Newest first, each with the turn it rates.</summary>
    public async Task<IReadOnlyList<FeedbackEntry>> ListAsync(string orgId, FeedbackQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            """
            SELECT f.id, f.turn_id, f.session_id, f.rating, f.comment, f.created_at, f.updated_at, f.created_by,
                   t.at, t.channel, t.user_text, t.answer, t.intent, t.confidence, t.grounded, t.flags, t.bot_context
            FROM feedback f JOIN conversation_turns t ON t.org_id = f.org_id AND t.id = f.turn_id
            WHERE f.org_id = @orgId
              AND (@rating IS NULL OR f.rating = @rating)
              AND (@from IS NULL OR f.created_at >= @from)
              AND (@to IS NULL OR f.created_at < @to)
            ORDER BY f.created_at DESC, f.id
            LIMIT @limit OFFSET @offset
            """,
            new
            {
                orgId, rating = (long?)query.Rating, from = query.From?.ToUnixTimeMilliseconds(), to = query.To?.ToUnixTimeMilliseconds(),
                limit = Math.Clamp(query.Limit, 1, MaxPageSize), offset = Math.Max(0, query.Offset),
            });
        return rows.Select(row => new FeedbackEntry(
            row.Id, row.TurnId, row.SessionId, (int)row.Rating, row.Comment, FromMs(row.CreatedAt), FromMs(row.UpdatedAt), row.CreatedBy,
            new FeedbackTurn(
                FromMs(row.At), row.Channel, row.UserText, row.Answer, row.Intent, row.Confidence, row.Grounded != 0, SessionJson.ReadFlags(row.Flags),
                row.BotContext is null ? null : JsonDocument.Parse(row.BotContext).RootElement.Clone()))).ToList();
    }

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string TurnId { get; set; } = "";
        public string SessionId { get; set; } = "";
        public long Rating { get; set; }
        public string? Comment { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
        public string CreatedBy { get; set; } = "";
        public long At { get; set; }
        public string Channel { get; set; } = "";
        public string UserText { get; set; } = "";
        public string Answer { get; set; } = "";
        public string Intent { get; set; } = "";
        public double Confidence { get; set; }
        public long Grounded { get; set; }
        public string Flags { get; set; } = "[]";
        public string? BotContext { get; set; }
    }
}
