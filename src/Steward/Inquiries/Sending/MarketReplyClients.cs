using Microsoft.Extensions.Options;
using Steward.Commerce.Sandbox;

namespace Steward.Inquiries.Sending;

/// <summary>Market codes the sender knows.</summary>
public static class MarketCodes
{
    /// <summary>The org's sandbox shop boards.</summary>
    public const string Sandbox = "SANDBOX";

    /// <summary>Cafe24's board reply API when configured (<c>Steward:Inquiries:Cafe24:BaseUrl</c>), the sandbox shop otherwise.</summary>
    public const string Cafe24 = "CAFE24";
}

/// <summary>Finds the reply client for an inquiry's market and account.</summary>
public interface IMarketReplyClients
{
    /// <summary>Null when Steward cannot reply on that market.</summary>
    IMarketReplyClient? For(Inquiry inquiry);
}

internal sealed class MarketReplyClients(IHttpClientFactory httpClients, SandboxBackendResolver sandboxes, IOptions<InquiryOptions> options)
    : IMarketReplyClients
{
    public IMarketReplyClient? For(Inquiry inquiry) => inquiry.MarketCode.ToUpperInvariant() switch
    {
        MarketCodes.Cafe24 when options.Value.Cafe24.BaseUrl is { Length: > 0 } =>
            new Cafe24ReplyClient(httpClients.CreateClient(Cafe24ReplyClient.HttpClientName), options.Value.Cafe24),
        MarketCodes.Cafe24 or MarketCodes.Sandbox => new SandboxReplyClient(sandboxes.ForOrg(inquiry.OrgId)),
        _ => null,
    };
}
