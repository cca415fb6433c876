using System.Security.Claims;
using Steward.Security;

namespace Steward.Tests.Security;

/// <summary>An API key's principal is shared by all its requests, so nothing may change it.</summary>
public class CallerPrincipalTests
{
    [Fact]
    public void The_principal_carries_its_caller_and_refuses_every_change()
    {
        var caller = new Caller("demo", Roles.Agent, "api_key", "k1", "shop backend");
        var principal = caller.ToPrincipal("ApiKey");
        var identity = (ClaimsIdentity)principal.Identity!;

        Assert.Same(caller, principal.TryGetCaller());
        Assert.True(principal.IsInRole(Roles.Agent));
        Assert.Equal("demo", principal.FindFirstValue(StewardClaims.Org));
        Assert.Throws<InvalidOperationException>(() => principal.AddIdentity(new ClaimsIdentity()));
        Assert.Throws<InvalidOperationException>(() => principal.AddIdentities([new ClaimsIdentity()]));
        Assert.Throws<InvalidOperationException>(() => identity.AddClaim(new Claim(ClaimTypes.Role, Roles.Admin)));
        Assert.Throws<InvalidOperationException>(() => identity.AddClaims([new Claim(ClaimTypes.Role, Roles.Admin)]));
        Assert.Throws<InvalidOperationException>(() => identity.RemoveClaim(identity.FindFirst(ClaimTypes.Role)));
        Assert.Throws<InvalidOperationException>(() => identity.TryRemoveClaim(identity.FindFirst(ClaimTypes.Role)));
        Assert.False(principal.IsInRole(Roles.Admin));
    }

    [Fact]
    public void A_principal_rebuilt_from_claims_alone_still_yields_the_caller()
    {
        var caller = new Caller("demo", Roles.Admin, "user", "u1", "admin");
        var copy = new ClaimsPrincipal(new ClaimsIdentity(caller.ToPrincipal("Cookies").Claims, "Cookies"));

        Assert.Equal(caller, copy.TryGetCaller());
    }
}
