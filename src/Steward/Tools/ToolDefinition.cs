using System.Text.Json;

namespace Steward.Tools;

/// <summary>Whether a tool only reads, or changes something in the world (and so may need a person's approval).</summary>
public enum ToolAccess
{
    Read,
    Write,
}

/// <summary>
/// One tool in the registry: what the model and MCP clients see (name, description, JSON schema of the arguments,
/// read or write) and the handler that runs it. <see cref="Source"/> is "builtin" or the external MCP server's name.
/// </summary>
public sealed record ToolDefinition(
    string Name,
    string Description,
    JsonElement InputSchema,
    ToolAccess Access,
    ToolPolicy DefaultPolicy,
    string Source,
    ToolHandler Handler);

/// <summary>Runs a tool whose call the policy allowed; expected failures are returned, never thrown.</summary>
public delegate ValueTask<ToolResult> ToolHandler(ToolContext context, JsonElement arguments, CancellationToken cancellationToken);

/// <summary>Who and what a tool runs for: the org, the conversation, the caller, and the services it may use.</summary>
public sealed record ToolContext(string OrgId, string? SessionId, ToolCaller Caller, IServiceProvider Services);

/// <summary>An org's rules for one tool. A <see cref="CallsPerMinute"/> of 0 means no limit.</summary>
public sealed record ToolPolicy(bool Enabled, bool RequiresApproval, int CallsPerMinute);
