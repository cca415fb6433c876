using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Steward.Storage;

namespace Steward.Inquiries;

/// <summary>
/// The <c>inquiries</c> table: idempotent ingestion (the unique market key and ON CONFLICT DO NOTHING, then a read, so
/// concurrent ingestions of one market inquiry yield one row), the gates' decision, the review queue's edits, and (in
/// <c>InquiryStore.Sending.cs</c>) the claim, the final commit and reconciliation the sender uses.
/// </summary>
public sealed partial class InquiryStore(Database database, TimeProvider time) : IInquiryStore
{
    public const int MaxPageSize = 200;

    private const string Columns =
        """
        org_id, id, market_code, account_id, market_inquiry_id, customer_text, product_ref, order_ref, status, send_status, send_attempts,
        last_send_error, sent_at, sending_since, intent, confidence, draft, final_text, block_code, block_reason, gate_logs, cs_metadata, bot_context,
        created_at, updated_at
        """;

    /// <summary>Not yet sent nor being sent: the review queue may still change it.</summary>
    private const string NotSentOrSending = "(send_status IS NULL OR send_status NOT IN ('SENT', 'SENDING'))";

    public static string NewId() => "inq_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    public async Task<(Inquiry Inquiry, bool Created)> IngestAsync(string orgId, NewInquiry inquiry, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var created = await connection.ExecuteAsync(
            """
            INSERT INTO inquiries (org_id, id, market_code, account_id, market_inquiry_id, customer_text, product_ref, order_ref, status,
                                   send_attempts, cs_metadata, created_at, updated_at)
            VALUES (@orgId, @id, @MarketCode, @AccountId, @MarketInquiryId, @CustomerText, @ProductRef, @OrderRef, @status, 0, '{}', @now, @now)
            ON CONFLICT (org_id, market_code, account_id, market_inquiry_id) DO NOTHING
            """,
            new
            {
                orgId, id = NewId(), inquiry.MarketCode, inquiry.AccountId, inquiry.MarketInquiryId, inquiry.CustomerText, inquiry.ProductRef,
                inquiry.OrderRef, status = InquiryStatus.New, now,
            }) == 1;
        var row = await connection.QuerySingleAsync<InquiryRow>(
            $"SELECT {Columns} FROM inquiries WHERE org_id = @orgId AND market_code = @MarketCode AND account_id = @AccountId AND market_inquiry_id = @MarketInquiryId",
            new { orgId, inquiry.MarketCode, inquiry.AccountId, inquiry.MarketInquiryId });
        return (row.ToInquiry(), created);
    }

    public async Task<Inquiry?> GetAsync(string orgId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<InquiryRow>($"SELECT {Columns} FROM inquiries WHERE org_id = @orgId AND id = @id", new { orgId, id });
        return row?.ToInquiry();
    }

    /// <summary>A decision arriving after a send was claimed changes nothing: the inquiry as it is comes back.</summary>
    public async Task<Inquiry> RecordDecisionAsync(string orgId, string id, InquiryDecision decision, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            $"""
            UPDATE inquiries SET intent = @Intent, confidence = @Confidence, draft = @Draft, status = @Status, block_code = @BlockCode, block_reason = @BlockReason,
                                 gate_logs = @gateLogs, bot_context = @botContext, updated_at = @now,
                                 final_text = CASE WHEN @Status = '{InquiryStatus.AutoSend}' THEN @Draft ELSE final_text END
            WHERE org_id = @orgId AND id = @id AND {NotSentOrSending}
            """,
            new
            {
                orgId, id, decision.Intent, decision.Confidence, decision.Draft, decision.Status, decision.BlockCode, decision.BlockReason,
                gateLogs = JsonSerializer.Serialize(decision.GateLogs), botContext = decision.BotContext.GetRawText(), now = time.GetUtcNow(),
            });
        return await GetAsync(orgId, id, cancellationToken) ?? throw new KeyNotFoundException($"Inquiry {id} of org {orgId} does not exist.");
    }

    /// <summary>Replies sent to the account since <paramref name="since"/>.</summary>
    public async Task<int> CountSentAsync(string orgId, string accountId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (int)await connection.ExecuteScalarAsync<long>(
            $"SELECT COUNT(*) FROM inquiries WHERE org_id = @orgId AND account_id = @accountId AND send_status = '{SendStatus.Sent}' AND sent_at >= @since",
            new { orgId, accountId, since });
    }

    /// <summary>
    /// What the daily quota counts against an account: replies sent since <paramref name="since"/>, plus automatic sends
    /// decided and not finished yet (a burst of inquiries decided before the sender ran must not overshoot the quota).
    /// </summary>
    public async Task<int> CountQuotaUsedAsync(string orgId, string accountId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (int)await connection.ExecuteScalarAsync<long>(
            $"""
            SELECT COUNT(*) FROM inquiries
            WHERE org_id = @orgId AND account_id = @accountId
              AND ((send_status = '{SendStatus.Sent}' AND sent_at >= @since)
                   OR (status = '{InquiryStatus.AutoSend}' AND (send_status IS NULL OR send_status = '{SendStatus.Sending}')))
            """,
            new { orgId, accountId, since });
    }

    /// <summary>Newest first; <paramref name="status"/> and <paramref name="blockCode"/> null list every one.</summary>
    public async Task<IReadOnlyList<Inquiry>> ListAsync(
        string orgId, string? status, string? blockCode, int limit, int offset, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<InquiryRow>(
            $"""
            SELECT {Columns} FROM inquiries
            WHERE org_id = @orgId AND (@status IS NULL OR status = @status) AND (@blockCode IS NULL OR block_code = @blockCode)
            ORDER BY created_at DESC, id DESC
            LIMIT @limit OFFSET @offset
            """,
            new { orgId, status, blockCode, limit = Math.Clamp(limit, 1, MaxPageSize), offset = Math.Max(offset, 0) });
        return rows.Select(row => row.ToInquiry()).ToList();
    }

    /// <summary>
    /// Replaces the draft while nothing is sent or being sent (null when that is no longer so, or no such inquiry). An
    /// automatic send not yet claimed will send the edited text.
    /// </summary>
    public Task<Inquiry?> UpdateDraftAsync(string orgId, string id, string draft, CancellationToken cancellationToken) =>
        UpdateUnsentAsync(orgId, id, $"draft = @text, final_text = CASE WHEN status = '{InquiryStatus.AutoSend}' THEN @text ELSE final_text END", draft, cancellationToken);

    /// <summary>Sets the text to send (the review queue's approval) while nothing is sent or being sent.</summary>
    public Task<Inquiry?> SetFinalTextAsync(string orgId, string id, string finalText, CancellationToken cancellationToken) =>
        UpdateUnsentAsync(orgId, id, "final_text = @text", finalText, cancellationToken);

    /// <summary>
    /// Rejects the inquiry (nothing will be sent) while nothing is sent or being sent; the reason becomes the block reason,
    /// with the code <see cref="RejectedCode"/>.
    /// </summary>
    public Task<Inquiry?> RejectAsync(string orgId, string id, string reason, CancellationToken cancellationToken) =>
        UpdateUnsentAsync(orgId, id, $"status = '{InquiryStatus.Rejected}', block_code = '{RejectedCode}', block_reason = @text", reason, cancellationToken);

    public const string RejectedCode = "rejected";

    private async Task<Inquiry?> UpdateUnsentAsync(string orgId, string id, string assignments, string text, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<InquiryRow>(
            $"UPDATE inquiries SET {assignments}, updated_at = @now WHERE org_id = @orgId AND id = @id AND {NotSentOrSending} RETURNING {Columns}",
            new { orgId, id, text, now = time.GetUtcNow() });
        return row?.ToInquiry();
    }

    /// <summary>Properties, not a constructor: Dapper converts SQLite's and PostgreSQL's column types into these.</summary>
    private sealed class InquiryRow
    {
        public string OrgId { get; init; } = "";
        public string Id { get; init; } = "";
        public string MarketCode { get; init; } = "";
        public string AccountId { get; init; } = "";
        public string MarketInquiryId { get; init; } = "";
        public string CustomerText { get; init; } = "";
        public string? ProductRef { get; init; }
        public string? OrderRef { get; init; }
        public string Status { get; init; } = "";
        public string? SendStatus { get; init; }
        public long SendAttempts { get; init; }
        public string? LastSendError { get; init; }
        public DateTimeOffset? SentAt { get; init; }
        public DateTimeOffset? SendingSince { get; init; }
        public string? Intent { get; init; }
        public double? Confidence { get; init; }
        public string? Draft { get; init; }
        public string? FinalText { get; init; }
        public string? BlockCode { get; init; }
        public string? BlockReason { get; init; }
        public string? GateLogs { get; init; }
        public string CsMetadata { get; init; } = "{}";
        public string? BotContext { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }

        public Inquiry ToInquiry() => new(
            Id, OrgId, MarketCode, AccountId, MarketInquiryId, CustomerText, ProductRef, OrderRef, Status, SendStatus, (int)SendAttempts, LastSendError,
            SentAt, SendingSince, Intent, Confidence, Draft, FinalText, BlockCode, BlockReason,
            GateLogs is null ? [] : JsonSerializer.Deserialize<string[]>(GateLogs)!, Parse(CsMetadata), BotContext is null ? null : Parse(BotContext),
            CreatedAt, UpdatedAt);

        private static JsonElement Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
    }
}
