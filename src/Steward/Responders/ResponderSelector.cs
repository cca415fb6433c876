using Microsoft.Extensions.Options;
using Steward.Conversations;
using Steward.Llm;

namespace Steward.Responders;

/// <summary>
/// Picks the org's responder and absorbs the LLM's failures: when the provider is down the embedded responder answers
/// and the turn is flagged <c>fallback</c> (nothing downstream may send it automatically); when its quota is exhausted
/// the reply says so, flagged <c>quota_exhausted</c>.
/// </summary>
public sealed partial class ResponderSelector(
    EmbeddedResponder embedded, IEnumerable<IResponder> responders, IOptions<ConversationOptions> options, ILogger<ResponderSelector> logger)
{
    private readonly IResponder? _llm = responders.FirstOrDefault(r => r.Name.StartsWith("llm", StringComparison.Ordinal));

    public EmbeddedResponder Embedded => embedded;

    public IResponder Select() => options.Value.Responder == "llm" && _llm is not null ? _llm : embedded;

    public async Task<(ResponderDraft Draft, IResponder Used, List<string> Flags)> DraftAsync(
        IResponder responder, TurnContext context, CancellationToken cancellationToken)
    {
        try
        {
            return (await responder.DraftAsync(context, cancellationToken), responder, []);
        }
        catch (LlmUnavailableException ex) when (responder != embedded)
        {
            LogFallback(logger, ex.Provider, context.OrgId);
            return (await embedded.DraftAsync(context, cancellationToken), embedded, ["fallback"]);
        }
        catch (LlmQuotaExhaustedException ex) when (responder != embedded)
        {
            LogQuota(logger, ex.Provider, context.OrgId);
            var answer = context.Language == "ko"
                ? "지금은 AI 사용 한도에 도달해 답변을 드릴 수 없습니다. 잠시 후 다시 시도해 주시거나 상담원에게 문의해 주세요."
                : "The AI assistant has reached its usage limit for now. Please try again later or contact our staff.";
            return (new ResponderDraft(answer, false, [], [], null, null), responder, ["quota_exhausted"]);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AI provider {Provider} unavailable; the embedded responder answered for org {OrgId}")]
    private static partial void LogFallback(ILogger logger, string provider, string orgId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AI provider {Provider} quota exhausted for org {OrgId}")]
    private static partial void LogQuota(ILogger logger, string provider, string orgId);
}
