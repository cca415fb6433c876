using Steward.Commerce.Tools;
using Steward.Tickets;

namespace Steward.Tools;

public static class ToolsServiceCollectionExtensions
{
    /// <summary>The registry with the built-in commerce tools, policies, the ledger, approvals and the tickets the tools write.</summary>
    public static IServiceCollection AddStewardTools(this IServiceCollection services)
    {
        services.AddSingleton(new BuiltInToolSource([.. ShopTools.Classes.SelectMany(FunctionTools.From)]));
        services.AddSingleton<ToolRegistry>();
        services.AddSingleton<ToolPolicyStore>();
        services.AddSingleton<ToolCallLedger>();
        services.AddSingleton<ToolApprovals>();
        services.AddSingleton<ToolInvoker>();
        services.AddSingleton<TicketStore>();
        return services;
    }
}
