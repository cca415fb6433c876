using System.Text.Json;

namespace Steward.Inquiries;

/// <summary>Where an inquiry is in its life. <see cref="Sent"/> and <see cref="SendFailed"/> mirror the send status.</summary>
public static class InquiryStatus
{
    public const string New = "NEW";
    public const string AiDrafted = "AI_DRAFTED";
    public const string AutoSend = "AUTO_SEND";
    public const string Escalated = "ESCALATED";
    public const string Sent = "SENT";
    public const string SendFailed = "SEND_FAILED";
    public const string Rejected = "REJECTED";
}

/// <summary>Where the reply is. Null until a send is first attempted.</summary>
public static class SendStatus
{
    public const string Sending = "SENDING";
    public const string Sent = "SENT";
    public const string SendFailed = "SEND_FAILED";
}

/// <summary>
/// A customer's question from a marketplace. <see cref="Id"/> is Steward's own key; <see cref="MarketInquiryId"/> is the
/// market's id for it, unique together with <see cref="MarketCode"/> and <see cref="AccountId"/> (the seller account).
/// <see cref="CsMetadata"/> mirrors the send fields (send_status, send_attempts, last_send_error, sent_at) as JSON.
/// </summary>
public sealed record Inquiry(
    string Id,
    string OrgId,
    string MarketCode,
    string AccountId,
    string MarketInquiryId,
    string CustomerText,
    string? ProductRef,
    string? OrderRef,
    string Status,
    string? SendStatus,
    int SendAttempts,
    string? LastSendError,
    DateTimeOffset? SentAt,
    DateTimeOffset? SendingSince,
    string? Intent,
    double? Confidence,
    string? Draft,
    string? FinalText,
    string? BlockCode,
    string? BlockReason,
    IReadOnlyList<string> GateLogs,
    JsonElement CsMetadata,
    JsonElement? BotContext,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A new inquiry as a market (or the ingestion API) hands it over.</summary>
public sealed record NewInquiry(
    string MarketCode, string AccountId, string MarketInquiryId, string CustomerText, string? ProductRef = null, string? OrderRef = null);

/// <summary>What drafting and the gates decided: stored on the inquiry in one update.</summary>
/// <param name="Status"><see cref="InquiryStatus.AutoSend"/>, <see cref="InquiryStatus.AiDrafted"/> or <see cref="InquiryStatus.Escalated"/>.</param>
public sealed record InquiryDecision(
    string Intent, double Confidence, string Draft, string Status, string? BlockCode, string? BlockReason, IReadOnlyList<string> GateLogs,
    JsonElement BotContext);

/// <summary>Inquiries per org: ingestion (idempotent), the decision, listing for the review queue.</summary>
public interface IInquiryStore
{
    /// <summary>Stores the inquiry unless one with the same market, account and market id exists; returns it and whether it is new.</summary>
    Task<(Inquiry Inquiry, bool Created)> IngestAsync(string orgId, NewInquiry inquiry, CancellationToken cancellationToken);

    Task<Inquiry?> GetAsync(string orgId, string id, CancellationToken cancellationToken);

    /// <summary>Records drafting and the gates' decision; sets <c>final_text</c> to the draft when it is to be sent automatically.</summary>
    Task<Inquiry> RecordDecisionAsync(string orgId, string id, InquiryDecision decision, CancellationToken cancellationToken);

    /// <summary>Replies counted as SENT for the account since <paramref name="since"/> (the gates' daily quota).</summary>
    /// <summary>Replies sent since <paramref name="since"/> plus automatic sends decided and not finished: the daily quota's count.</summary>
    Task<int> CountQuotaUsedAsync(string orgId, string accountId, DateTimeOffset since, CancellationToken cancellationToken);

    Task<IReadOnlyList<Inquiry>> ListAsync(string orgId, string? status, string? blockCode, int limit, int offset, CancellationToken cancellationToken);
}

/// <summary>The outcome of posting a reply to a market.</summary>
/// <param name="OutcomeUnknown">
/// The market may or may not have taken the reply (a timeout, a 5xx, a dropped connection after the request went out): the
/// sender then leaves the inquiry SENDING for reconciliation to ask the market, and never sends it again blindly.
/// </param>
public sealed record MarketSendResult(bool Accepted, string? Error, bool Retryable, bool OutcomeUnknown = false)
{
    public static MarketSendResult Ok { get; } = new(true, null, false);

    /// <summary>The market surely did not take the reply; <paramref name="retryable"/> when trying later may succeed (429).</summary>
    public static MarketSendResult Refused(string error, bool retryable = false) => new(false, error, retryable);

    public static MarketSendResult Unknown(string error) => new(false, error, false, OutcomeUnknown: true);
}

/// <summary>
/// A market's reply API for one connected account: post a reply, and ask whether a reply to an inquiry already exists
/// (so a send interrupted after the market accepted it is reconciled, never blindly repeated).
/// </summary>
public interface IMarketReplyClient
{
    Task<MarketSendResult> SendReplyAsync(Inquiry inquiry, string text, CancellationToken cancellationToken);

    /// <summary>True when the market holds a reply, false when it surely does not, null when it could not tell.</summary>
    Task<bool?> ReplyExistsAsync(Inquiry inquiry, CancellationToken cancellationToken);
}
