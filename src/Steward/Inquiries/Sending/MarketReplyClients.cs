using Microsoft.Extensions.Options;
using Steward.Commerce.Sandbox;
using Steward.Inquiries.Accounts;

namespace Steward.Inquiries.Sending;

/// <summary>Market codes the sender knows.</summary>
public static class MarketCodes
{
    /// <summary>The org's sandbox shop boards.</summary>
    public const string Sandbox = "SANDBOX";

    /// <summary>A Cafe24 mall the org connected (<c>POST /api/market-accounts</c>).</summary>
    public const string Cafe24 = "CAFE24";
}

/// <summary>Finds the reply client for an inquiry's market and account.</summary>
public interface IMarketReplyClients
{
    /// <summary>Null when Steward cannot reply there: an unknown market, or an account the org has not connected.</summary>
    ValueTask<IMarketReplyClient?> ForAsync(Inquiry inquiry, CancellationToken cancellationToken);
}

/// <summary>Makes the Cafe24 board client of one connected mall.</summary>
public sealed class Cafe24Clients(IHttpClientFactory httpClients, IOptions<InquiryOptions> options)
{
    public Cafe24BoardClient For(MarketAccount account, string token) =>
        new(httpClients.CreateClient(Cafe24BoardClient.HttpClientName), options.Value.Cafe24, account, token);
}

internal sealed class MarketReplyClients(SandboxBackendResolver sandboxes, MarketAccountStore accounts, Cafe24Clients cafe24) : IMarketReplyClients
{
    public async ValueTask<IMarketReplyClient?> ForAsync(Inquiry inquiry, CancellationToken cancellationToken) => inquiry.MarketCode.ToUpperInvariant() switch
    {
        MarketCodes.Sandbox => new SandboxReplyClient(sandboxes.ForOrg(inquiry.OrgId)),
        MarketCodes.Cafe24 => await accounts.FindAsync(inquiry.OrgId, MarketCodes.Cafe24, inquiry.AccountId, cancellationToken) is { } connected
            ? cafe24.For(connected.Account, connected.Token)
            : null,
        _ => null,
    };
}
