using System.Diagnostics;
using Steward.Conversations;
using Steward.Guardian;
using Steward.Observability;
using Steward.Security;

namespace Steward.Inquiries.Gates;

/// <summary>
/// Runs the gates for a drafted inquiry with the org's settings, the guardian's switches and the account's sends of
/// the org's local day, logs every decision with its reason and counts it in <c>gate_decisions_total</c>.
/// </summary>
public sealed partial class InquiryFinalizer(
    PartialAutoSettingsStore settings, OrgStore orgs, IGuardian guardians, IInquiryStore inquiries, StewardMetrics metrics, ILogger<InquiryFinalizer> logger)
{
    /// <param name="pendingSends">Would-be sends not yet in the store (a replay's earlier AUTO_SEND decisions of the same day).</param>
    public async Task<FinalizeResult> FinalizeAsync(
        string orgId, string accountId, string marketCode, string customerText, TurnReply draft, DateTimeOffset now, int pendingSends,
        CancellationToken cancellationToken)
    {
        var zone = await orgs.TimeZoneAsync(orgId, cancellationToken);
        var guardian = await guardians.SnapshotAsync(orgId, cancellationToken);
        var sentToday = pendingSends + await inquiries.CountQuotaUsedAsync(orgId, accountId, OrgDays.Start(now, zone), cancellationToken);
        var effective = await settings.GetAsync(orgId, cancellationToken);
        var result = FinalizeGates.Run(new FinalizeInput(accountId, marketCode, customerText, draft.Intent, draft.Confidence, draft.Grounded, sentToday, now, zone,
            guardian, Fallback: draft.Flags.Contains("fallback") || draft.Flags.Contains("quota_exhausted")), effective.Settings);

        var output = result.FinalOutput;
        LogDecision(logger, orgId, marketCode, output.Status, output.Reason ?? "passed", draft.Intent);
        metrics.GateDecisions.Add(1, new TagList { { "decision", output.Status }, { "reason", output.Reason ?? "passed" } });
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Finalize for org {OrgId} ({Market}): {Decision} ({Reason}), intent {Intent}")]
    private static partial void LogDecision(ILogger logger, string orgId, string market, string decision, string reason, string intent);
}
