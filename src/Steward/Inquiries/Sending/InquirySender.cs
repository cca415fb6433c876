using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Steward.Guardian;
using Steward.Inquiries.Gates;
using Steward.Observability;

namespace Steward.Inquiries.Sending;

/// <summary>What one send did.</summary>
public static class InquirySendOutcomes
{
    public const string Sent = "sent";

    /// <summary>The market refused the reply; the inquiry is SEND_FAILED with the error.</summary>
    public const string Failed = "failed";

    /// <summary>The market's answer was lost; the inquiry stays SENDING until reconciliation asks the market.</summary>
    public const string Unknown = "unknown";

    /// <summary>Someone else holds or finished the send (or there is nothing to send): nothing was sent by this call.</summary>
    public const string NotClaimed = "not_claimed";

    /// <summary>An automatic send stopped before the market call by a switch thrown after the decision; back to the review queue.</summary>
    public const string Stopped = "stopped";
}

/// <param name="Inquiry">The inquiry as this send left it (as it is, for <see cref="InquirySendOutcomes.NotClaimed"/>; null if it does not exist).</param>
public sealed record InquirySendResult(string Outcome, Inquiry? Inquiry);

/// <summary>
/// The one way a reply leaves Steward, for the sender worker and the review queue's approval alike: claim (only the claimer
/// goes on), one market call, one final commit. An unknown outcome is never retried here: the inquiry stays SENDING and
/// <see cref="ReconcileAsync"/> asks the market once the lock expires, so a reply is posted at most once.
/// </summary>
public sealed partial class InquirySender(
    InquiryStore store,
    IMarketReplyClients markets,
    IGuardian guardian,
    PartialAutoSettingsStore settings,
    IOptions<InquiryOptions> options,
    StewardMetrics metrics,
    TimeProvider time,
    ILogger<InquirySender> logger)
{
    /// <summary>Claims and sends one inquiry (the review queue's approval).</summary>
    public async Task<InquirySendResult> SendAsync(string orgId, string id, CancellationToken cancellationToken)
    {
        if (await store.ClaimAsync(orgId, id, cancellationToken) is not { } claimed)
        {
            return new InquirySendResult(InquirySendOutcomes.NotClaimed, await store.GetAsync(orgId, id, cancellationToken));
        }

        return await SendClaimedAsync(claimed, cancellationToken);
    }

    /// <summary>
    /// Claims a batch of automatic sends no one has claimed and sends them; returns how many were claimed. Just before each
    /// market call the org's switches are read again (partial auto on, the guardian's switches): one thrown after the
    /// decision sends the inquiry back to the review queue instead. A person's approval (<see cref="SendAsync"/>) is not
    /// stopped by them: the switches hold back automation, not people.
    /// </summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var claimed = await store.ClaimDueAsync(options.Value.SenderBatchSize, cancellationToken);
        var enabled = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var inquiry in claimed)
        {
            if (!enabled.TryGetValue(inquiry.OrgId, out var on))
            {
                enabled[inquiry.OrgId] = on = (await settings.GetAsync(inquiry.OrgId, cancellationToken)).Settings.Enabled;
            }

            var stop = on
                ? FinalizeGates.SwitchBlock(await guardian.SnapshotAsync(inquiry.OrgId, cancellationToken), inquiry.AccountId)
                : (GateReasons.PartialAutoDisabled, "partial auto was turned off", null);
            if (stop is { } switched)
            {
                await store.ReleaseClaimAsync(inquiry, switched.Reason, $"{switched.Detail} after the decision, before sending", CancellationToken.None);
                metrics.InquirySends.Add(1, new KeyValuePair<string, object?>("outcome", InquirySendOutcomes.Stopped));
                LogStopped(logger, inquiry.OrgId, inquiry.Id, switched.Reason);
                continue;
            }

            await SendClaimedAsync(inquiry, cancellationToken);
        }

        return claimed.Count;
    }

    /// <summary>
    /// Resolves sends that stayed SENDING past the lock expiry: the market holds a reply → SENT (no second reply); it surely
    /// holds none → SEND_FAILED, claimable again; it cannot tell → left as is and asked again on a later pass.
    /// </summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var stale = await store.StaleSendingAsync(time.GetUtcNow() - options.Value.LockExpiry, options.Value.SenderBatchSize, cancellationToken);
        var resolved = 0;
        foreach (var inquiry in stale)
        {
            var exists = await ReplyExistsAsync(inquiry, cancellationToken);
            var result = exists switch { true => "sent", false => "failed", null => "undecided" };
            metrics.InquiryReconciliations.Add(1, new KeyValuePair<string, object?>("result", result));
            LogReconciled(logger, inquiry.OrgId, inquiry.Id, result);
            if (exists is not { } sent)
            {
                continue;
            }

            var committed = await store.CompleteAsync(inquiry, sent, sent ? null : "reconciled: the market holds no reply", CancellationToken.None);
            if (committed is not null)
            {
                resolved++;
                await NotifyGuardianAsync(committed, sent, cancellationToken);
            }
        }

        return resolved;
    }

    private async Task<InquirySendResult> SendClaimedAsync(Inquiry claimed, CancellationToken cancellationToken)
    {
        var result = await CallMarketAsync(claimed, cancellationToken);

        // Past the market call the commit must land even if the host is stopping: a reply the market took is recorded.
        if (result.OutcomeUnknown)
        {
            var left = await store.RecordUnknownOutcomeAsync(claimed, result.Error ?? "unknown", CancellationToken.None);
            metrics.InquirySends.Add(1, new KeyValuePair<string, object?>("outcome", InquirySendOutcomes.Unknown));
            LogUnknownOutcome(logger, claimed.OrgId, claimed.Id, claimed.MarketCode, result.Error ?? "unknown");
            return new InquirySendResult(InquirySendOutcomes.Unknown, left ?? claimed);
        }

        var committed = await store.CompleteAsync(claimed, result.Accepted, result.Error, CancellationToken.None);
        var outcome = result.Accepted ? InquirySendOutcomes.Sent : InquirySendOutcomes.Failed;
        metrics.InquirySends.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (committed is null)
        {
            LogClaimLost(logger, claimed.OrgId, claimed.Id, outcome);
            return new InquirySendResult(outcome, await store.GetAsync(claimed.OrgId, claimed.Id, CancellationToken.None));
        }

        if (!result.Accepted)
        {
            LogRefused(logger, claimed.OrgId, claimed.Id, claimed.MarketCode, result.Error ?? "refused");
        }

        await NotifyGuardianAsync(committed, result.Accepted, cancellationToken);
        return new InquirySendResult(outcome, committed);
    }

    private async Task<MarketSendResult> CallMarketAsync(Inquiry claimed, CancellationToken cancellationToken)
    {
        IMarketReplyClient? client;
        try
        {
            client = await markets.ForAsync(claimed, cancellationToken);
        }
        catch (CryptographicException)
        {
            // Nothing reached the market: refusing is safe.
            return MarketSendResult.Refused($"the token of account '{claimed.AccountId}' cannot be read (SECRET_KEY changed?): reconnect the account");
        }

        if (client is null)
        {
            return MarketSendResult.Refused($"no connected account '{claimed.AccountId}' on market {claimed.MarketCode}");
        }

        try
        {
            return await client.SendReplyAsync(claimed, claimed.FinalText!, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever broke may have broken after the market took the reply.
            return MarketSendResult.Unknown($"reply client failed: {ex.GetType().Name}");
        }
    }

    private async Task<bool?> ReplyExistsAsync(Inquiry inquiry, CancellationToken cancellationToken)
    {
        try
        {
            if (await markets.ForAsync(inquiry, cancellationToken) is not { } client)
            {
                return null;
            }

            return await client.ReplyExistsAsync(inquiry, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCheckFailed(logger, ex, inquiry.OrgId, inquiry.Id);
            return null;
        }
    }

    /// <summary>The guardian's failure rules see every finished send; a guardian failure never undoes the send.</summary>
    private async Task NotifyGuardianAsync(Inquiry inquiry, bool succeeded, CancellationToken cancellationToken)
    {
        try
        {
            await guardian.SendFinishedAsync(
                new SendOutcome(inquiry.OrgId, inquiry.MarketCode, inquiry.AccountId, inquiry.Id, succeeded, inquiry.LastSendError, time.GetUtcNow()),
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogGuardianFailed(logger, ex, inquiry.OrgId, inquiry.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Automatic reply to inquiry {InquiryId} of org {OrgId} stopped before sending ({Reason}); it is back in the review queue")]
    private static partial void LogStopped(ILogger logger, string orgId, string inquiryId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply to inquiry {InquiryId} of org {OrgId} on {Market} was refused: {Error}")]
    private static partial void LogRefused(ILogger logger, string orgId, string inquiryId, string market, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply to inquiry {InquiryId} of org {OrgId} on {Market} has an unknown outcome ({Error}); it stays SENDING until reconciliation asks the market")]
    private static partial void LogUnknownOutcome(ILogger logger, string orgId, string inquiryId, string market, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply to inquiry {InquiryId} of org {OrgId} finished ({Outcome}) after reconciliation had resolved its claim")]
    private static partial void LogClaimLost(ILogger logger, string orgId, string inquiryId, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired send of inquiry {InquiryId} of org {OrgId} reconciled: {Result}")]
    private static partial void LogReconciled(ILogger logger, string orgId, string inquiryId, string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask the market whether inquiry {InquiryId} of org {OrgId} has a reply; asking again later")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string orgId, string inquiryId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The guardian failed to take the send outcome of inquiry {InquiryId} of org {OrgId}")]
    private static partial void LogGuardianFailed(ILogger logger, Exception exception, string orgId, string inquiryId);
}
