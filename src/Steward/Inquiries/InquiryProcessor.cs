using Steward.Conversations;
using Steward.Guardian;
using Steward.Inquiries.Gates;
using Steward.Tools;

namespace Steward.Inquiries;

/// <summary>Drafts a new inquiry and decides what happens to it.</summary>
public interface IInquiryProcessor
{
    Task<Inquiry> ProcessAsync(Inquiry inquiry, CancellationToken cancellationToken);
}

/// <summary>
/// A new inquiry goes through the same turn pipeline as a chat message (same grounding, tools and <c>bot_context</c>),
/// automatic mode, then through the finalize gates; the decision is stored on the inquiry, and an escalation keyword
/// tells the guardian.
/// </summary>
public sealed class InquiryProcessor(
    TurnPipeline pipeline, InquiryFinalizer finalizer, PartialAutoSettingsStore settings, IInquiryStore store, IGuardian guardian, TimeProvider time)
    : IInquiryProcessor
{
    public static readonly ToolCaller Caller = new("system", "inquiries");

    public async Task<Inquiry> ProcessAsync(Inquiry inquiry, CancellationToken cancellationToken)
    {
        var draft = await pipeline.RunAsync(
            new TurnRequest(inquiry.OrgId, inquiry.CustomerText, Channels.Inquiry, Caller, ToolCallMode.Automatic, UseSession: false), cancellationToken);
        var result = await finalizer.FinalizeAsync(inquiry.OrgId, inquiry.AccountId, inquiry.MarketCode, inquiry.CustomerText, draft, time.GetUtcNow(),
            pendingSends: 0, cancellationToken);
        var output = result.FinalOutput;
        if (output.Status == InquiryStatus.Escalated)
        {
            var keyword = FinalizeGates.EscalationKeywordIn(inquiry.CustomerText, (await settings.GetAsync(inquiry.OrgId, cancellationToken)).Settings);
            await guardian.EscalationSeenAsync(inquiry.OrgId, inquiry.Id, keyword ?? output.Detail ?? "", cancellationToken);
        }

        return await store.RecordDecisionAsync(inquiry.OrgId, inquiry.Id,
            new InquiryDecision(draft.Intent, draft.Confidence, draft.Answer, output.Status, output.Reason, output.Detail, result.Logs, draft.BotContext), cancellationToken);
    }
}
