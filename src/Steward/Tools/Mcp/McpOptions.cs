using System.ComponentModel.DataAnnotations;

namespace Steward.Tools.Mcp;

/// <summary>Steward as an MCP server (<c>/mcp</c> sessions) and as a client of an org's external MCP servers.</summary>
public sealed class McpOptions
{
    public const string Section = "Steward:Mcp";

    /// <summary>An <c>/mcp</c> session nobody used for this long is closed. Default 30 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Open <c>/mcp</c> sessions per instance; at the limit the idlest session makes room. Default 1000.</summary>
    [Range(1, 1_000_000)]
    public int MaxSessions { get; set; } = 1000;

    /// <summary>How long an external server's tool list is reused before it is asked again. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ExternalToolsCacheFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After an external server could not be reached, how long it is left alone before the next try. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ExternalRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for an external server to connect, list its tools or answer one call. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ExternalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Commands an org admin may register as a stdio MCP server (exact match, e.g. <c>npx</c> or <c>/opt/mcp/weather</c>).
    /// Empty (default): no stdio servers, because a stdio server is a process Steward starts on this machine.
    /// </summary>
    public List<string> AllowedStdioCommands { get; set; } = [];
}
