namespace Steward.Tools.Mcp;

public static class McpServiceCollectionExtensions
{
    /// <summary>What every command needs: the org's external MCP servers as a tool source, and the org's tools as an MCP server.</summary>
    public static IServiceCollection AddStewardMcp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<McpOptions>().Bind(configuration.GetSection(McpOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<McpServerStore>();
        services.AddSingleton<ExternalMcpToolSource>();
        services.AddSingleton<IToolSource>(provider => provider.GetRequiredService<ExternalMcpToolSource>());
        services.AddSingleton<McpToolServer>();
        return services;
    }

    /// <summary>The <c>/mcp</c> endpoint's sessions and their idle sweeper.</summary>
    public static IServiceCollection AddStewardMcpWeb(this IServiceCollection services)
    {
        services.AddSingleton<McpSessions>();
        services.AddHostedService<McpSessionSweeper>();
        return services;
    }
}
