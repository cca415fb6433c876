namespace Steward.Guardian;

/// <summary>
/// The guardian's switches for an org as the gates read them: global test mode, partial auto off or in shadow mode,
/// and the seller accounts that are locked. Changed by rules or admins, every change recorded with its reason.
/// </summary>
public sealed record GuardianSnapshot(bool GlobalTestMode, bool PartialAutoOff, bool ShadowMode, IReadOnlySet<string> LockedAccounts)
{
    public static GuardianSnapshot Clear { get; } = new(false, false, false, new HashSet<string>(StringComparer.Ordinal));
}

/// <summary>What a send did, for the guardian's failure rules.</summary>
public sealed record SendOutcome(string OrgId, string MarketCode, string AccountId, string InquiryId, bool Succeeded, string? Error, DateTimeOffset At);

public interface IGuardian
{
    Task<GuardianSnapshot> SnapshotAsync(string orgId, CancellationToken cancellationToken);

    /// <summary>An escalation keyword was seen in an inquiry: the rule puts the org in global test mode.</summary>
    Task EscalationSeenAsync(string orgId, string inquiryId, string keyword, CancellationToken cancellationToken);

    /// <summary>A send finished: the failure rules (consecutive failures, failures per hour, failure rates) are evaluated.</summary>
    Task SendFinishedAsync(SendOutcome outcome, CancellationToken cancellationToken);
}
