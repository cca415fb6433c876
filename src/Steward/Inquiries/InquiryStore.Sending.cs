using System.Text.Json.Nodes;
using Dapper;
using Steward.Storage;

namespace Steward.Inquiries;

/// <summary>
/// The sender's statements. A claim is one UPDATE whose WHERE admits only an inquiry neither SENT nor SENDING, so of any
/// number of concurrent claimers (threads, processes) exactly one gets the row back. The claimed row's
/// <c>send_attempts</c> is the claim's token: the final commit and reconciliation change the row only while it is still
/// SENDING with that attempt count, so a late commit never overwrites a newer claim.
/// </summary>
public sealed partial class InquiryStore
{
    /// <summary>The claim's assignments, cs_metadata's mirror of send_status and send_attempts included.</summary>
    private string ClaimSet =>
        $"""
        send_status = '{SendStatus.Sending}', sending_since = @now, send_attempts = COALESCE(send_attempts, 0) + 1, updated_at = @now,
        cs_metadata = {(database.Dialect == SqlDialect.Postgres
            ? $"(cs_metadata::jsonb || jsonb_build_object('send_status', '{SendStatus.Sending}', 'send_attempts', COALESCE(send_attempts, 0) + 1))::text"
            : $"json_set(cs_metadata, '$.send_status', '{SendStatus.Sending}', '$.send_attempts', COALESCE(send_attempts, 0) + 1)")}
        """;

    /// <summary>Claims one inquiry for sending; null when it is sent, being sent, rejected, has no text to send, or does not exist.</summary>
    public async Task<Inquiry?> ClaimAsync(string orgId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<InquiryRow>(
            $"""
            UPDATE inquiries SET {ClaimSet}
            WHERE org_id = @orgId AND id = @id AND {NotSentOrSending} AND final_text IS NOT NULL AND status <> '{InquiryStatus.Rejected}'
            RETURNING {Columns}
            """,
            new { orgId, id, now = time.GetUtcNow() });
        return row?.ToInquiry();
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> automatic sends no one has claimed, oldest first, across orgs. On PostgreSQL the
    /// candidates are locked with SKIP LOCKED, so concurrent workers claim disjoint batches instead of queueing on one
    /// another's rows; SQLite runs one writer at a time, and the repeated WHERE keeps the claim exact either way. The
    /// candidates are a MATERIALIZED CTE: as a plain <c>IN (subquery)</c> PostgreSQL may run the subquery more than once
    /// under concurrent claims, and one worker then claimed several batches at once (193 rows for a limit of 50).
    /// </summary>
    public async Task<IReadOnlyList<Inquiry>> ClaimDueAsync(int limit, CancellationToken cancellationToken)
    {
        var skipLocked = database.Dialect == SqlDialect.Postgres ? "FOR UPDATE SKIP LOCKED" : "";
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<InquiryRow>(
            $"""
            WITH due AS MATERIALIZED (
                SELECT org_id, id FROM inquiries
                WHERE status = '{InquiryStatus.AutoSend}' AND send_status IS NULL AND final_text IS NOT NULL
                ORDER BY created_at, id LIMIT @limit {skipLocked})
            UPDATE inquiries SET {ClaimSet}
            WHERE (org_id, id) IN (SELECT org_id, id FROM due) AND send_status IS NULL
            RETURNING {Columns}
            """,
            new { limit, now = time.GetUtcNow() });
        return rows.Select(row => row.ToInquiry()).ToList();
    }

    /// <summary>
    /// The one final commit of a claimed send: send_status and status (SENT or SEND_FAILED), sent_at, last_send_error, and
    /// their mirror in cs_metadata. Null when the claim is no longer this one's (reconciliation resolved it meanwhile).
    /// </summary>
    public async Task<Inquiry?> CompleteAsync(Inquiry claimed, bool sent, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sendStatus = sent ? SendStatus.Sent : SendStatus.SendFailed;
        DateTimeOffset? sentAt = sent ? now : null;
        var metadata = Mirror(claimed, sendStatus, error, sentAt);
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<InquiryRow>(
            $"""
            UPDATE inquiries SET send_status = @sendStatus, status = @sendStatus, sent_at = @sentAt, last_send_error = @error, sending_since = NULL,
                                 cs_metadata = @metadata, updated_at = @now
            WHERE org_id = @OrgId AND id = @Id AND send_status = '{SendStatus.Sending}' AND send_attempts = @SendAttempts
            RETURNING {Columns}
            """,
            new { claimed.OrgId, claimed.Id, claimed.SendAttempts, sendStatus, sentAt = sentAt?.ToUnixTimeMilliseconds(), error, metadata, now });
        return row?.ToInquiry();
    }

    /// <summary>
    /// The market's answer was lost (a timeout, a 5xx, a dropped connection): the reply may or may not exist. The inquiry
    /// stays SENDING with its original <c>sending_since</c>, so nobody claims it, and reconciliation asks the market once the
    /// lock expires. The error is recorded and mirrored.
    /// </summary>
    public async Task<Inquiry?> RecordUnknownOutcomeAsync(Inquiry claimed, string error, CancellationToken cancellationToken)
    {
        var metadata = Mirror(claimed, SendStatus.Sending, error, null);
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<InquiryRow>(
            $"""
            UPDATE inquiries SET last_send_error = @error, cs_metadata = @metadata, updated_at = @now
            WHERE org_id = @OrgId AND id = @Id AND send_status = '{SendStatus.Sending}' AND send_attempts = @SendAttempts
            RETURNING {Columns}
            """,
            new { claimed.OrgId, claimed.Id, claimed.SendAttempts, error, metadata, now = time.GetUtcNow() });
        return row?.ToInquiry();
    }

    /// <summary>
    /// Gives back an automatic send claimed but not attempted (a switch was thrown after the decision): the inquiry goes to
    /// the review queue (AI_DRAFTED) with the switch's code and reason, its attempt count and cs_metadata as before the
    /// claim. Null when the claim is no longer this one's.
    /// </summary>
    public async Task<Inquiry?> ReleaseClaimAsync(Inquiry claimed, string blockCode, string blockReason, CancellationToken cancellationToken)
    {
        var metadata = Mirror(claimed with { SendAttempts = claimed.SendAttempts - 1 }, null, claimed.LastSendError, claimed.SentAt);
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<InquiryRow>(
            $"""
            UPDATE inquiries SET send_status = NULL, sending_since = NULL, send_attempts = send_attempts - 1, status = '{InquiryStatus.AiDrafted}',
                                 block_code = @blockCode, block_reason = @blockReason, cs_metadata = @metadata, updated_at = @now
            WHERE org_id = @OrgId AND id = @Id AND send_status = '{SendStatus.Sending}' AND send_attempts = @SendAttempts
            RETURNING {Columns}
            """,
            new { claimed.OrgId, claimed.Id, claimed.SendAttempts, blockCode, blockReason, metadata, now = time.GetUtcNow() });
        return row?.ToInquiry();
    }

    /// <summary>Sends claimed before <paramref name="claimedBefore"/> and never committed, oldest first, across orgs.</summary>
    public async Task<IReadOnlyList<Inquiry>> StaleSendingAsync(DateTimeOffset claimedBefore, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<InquiryRow>(
            $"""
            SELECT {Columns} FROM inquiries
            WHERE send_status = '{SendStatus.Sending}' AND sending_since < @claimedBefore
            ORDER BY sending_since, id LIMIT @limit
            """,
            new { claimedBefore, limit });
        return rows.Select(row => row.ToInquiry()).ToList();
    }

    /// <summary>Mirrors the send fields into the inquiry's cs_metadata, keeping whatever else it holds.</summary>
    private static string Mirror(Inquiry inquiry, string? sendStatus, string? error, DateTimeOffset? sentAt)
    {
        var metadata = JsonNode.Parse(inquiry.CsMetadata.GetRawText()) as JsonObject ?? [];
        metadata["send_status"] = sendStatus;
        metadata["send_attempts"] = inquiry.SendAttempts;
        metadata["last_send_error"] = error;
        metadata["sent_at"] = sentAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return metadata.ToJsonString();
    }
}
