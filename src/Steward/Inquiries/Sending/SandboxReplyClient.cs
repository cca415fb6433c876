using Steward.Commerce.Sandbox;

namespace Steward.Inquiries.Sending;

/// <summary>
/// Replies on the org's sandbox shop board: the demo market. It stores every reply, so it can tell whether one exists;
/// failures injected into the sandbox (<see cref="SandboxFaults"/>) come back as a market's would: refused, or unknown.
/// </summary>
internal sealed class SandboxReplyClient(SandboxCommerceBackend sandbox) : IMarketReplyClient
{
    public async Task<MarketSendResult> SendReplyAsync(Inquiry inquiry, string text, CancellationToken cancellationToken)
    {
        if (BoardArticleRef.Parse(inquiry.MarketInquiryId) is not { } question)
        {
            return MarketSendResult.Refused("market_inquiry_id is not board_no:article_no");
        }

        return await sandbox.AddReplyAsync(question.BoardNo, question.ArticleNo, text, cancellationToken) switch
        {
            { Fault: SandboxFaultModes.Refuse } => MarketSendResult.Refused("sandbox: reply refused (injected failure)"),
            { Fault: SandboxFaultModes.Lost } => MarketSendResult.Unknown("sandbox: the answer was lost after the reply was stored (injected failure)"),
            { Reply: null } => MarketSendResult.Refused($"the sandbox board has no question {question}"),
            _ => MarketSendResult.Ok,
        };
    }

    public async Task<bool?> ReplyExistsAsync(Inquiry inquiry, CancellationToken cancellationToken) =>
        BoardArticleRef.Parse(inquiry.MarketInquiryId) is { } question
            ? await sandbox.CountRepliesAsync(question.BoardNo, question.ArticleNo, cancellationToken) > 0
            : false;
}
