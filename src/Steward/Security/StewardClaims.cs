using System.Security.Claims;

namespace Steward.Security;

/// <summary>Who is calling: an org, a role, and the user or API key acting.</summary>
public sealed record Caller(string OrgId, string Role, string ActorType, string ActorId, string Name);

public static class StewardClaims
{
    public const string Org = "steward:org";
    public const string ActorType = "steward:actor_type";

    public static ClaimsPrincipal ToPrincipal(this Caller caller, string scheme) =>
        new CallerPrincipal(caller, new ReadOnlyClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, caller.ActorId),
                new Claim(ClaimTypes.Name, caller.Name),
                new Claim(ClaimTypes.Role, caller.Role),
                new Claim(Org, caller.OrgId),
                new Claim(ActorType, caller.ActorType),
            ],
            scheme));

    /// <summary>The caller of an authenticated request; endpoints behind a policy can rely on it.</summary>
    public static Caller GetCaller(this ClaimsPrincipal user) =>
        TryGetCaller(user) ?? throw new InvalidOperationException("The request is not authenticated.");

    public static Caller? TryGetCaller(this ClaimsPrincipal user)
    {
        if (user is CallerPrincipal principal)
        {
            return principal.Caller;
        }

        var org = user.FindFirstValue(Org);
        if (user.Identity?.IsAuthenticated != true || org is null)
        {
            return null;
        }

        return new Caller(
            org,
            user.FindFirstValue(ClaimTypes.Role) ?? "",
            user.FindFirstValue(ActorType) ?? "",
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            user.FindFirstValue(ClaimTypes.Name) ?? "");
    }
}

/// <summary>
/// The principal Steward's handlers create: the claims (which cookies serialise and role checks read) plus the
/// <see cref="Caller"/> they were made from, so code on the hot path reads it without walking the claims.
/// </summary>
/// <remarks>Immutable, so one instance can safely serve every request of the same API key.</remarks>
internal sealed class CallerPrincipal(Caller caller, ClaimsIdentity identity) : ClaimsPrincipal(identity)
{
    public Caller Caller { get; } = caller;

    public override void AddIdentity(ClaimsIdentity identity) => throw ReadOnly();

    public override void AddIdentities(IEnumerable<ClaimsIdentity> identities) => throw ReadOnly();

    internal static InvalidOperationException ReadOnly() => new("A caller's principal is shared between requests and cannot be changed.");
}

internal sealed class ReadOnlyClaimsIdentity(IEnumerable<Claim> claims, string authenticationType) : ClaimsIdentity(claims, authenticationType)
{
    public override void AddClaim(Claim claim) => throw CallerPrincipal.ReadOnly();

    public override void AddClaims(IEnumerable<Claim?> claims) => throw CallerPrincipal.ReadOnly();

    public override bool TryRemoveClaim(Claim? claim) => throw CallerPrincipal.ReadOnly();

    public override void RemoveClaim(Claim? claim) => throw CallerPrincipal.ReadOnly();
}
