using System.Text.Json;

namespace Steward.Tools;

/// <summary>Who asked for a tool call: a user, an API key, an MCP client (by the name it gave), or Steward itself.</summary>
public sealed record ToolCaller(string Type, string? Id)
{
    public static ToolCaller Mcp(string? clientName) => new("mcp", string.IsNullOrWhiteSpace(clientName) ? "unknown" : clientName);
}

/// <summary>
/// Interactive: a person is in the loop and sees the result before anything reaches a customer. Automatic: nobody is —
/// a write tool whose policy requires approval then creates a pending approval instead of acting.
/// </summary>
public enum ToolCallMode
{
    Interactive,
    Automatic,
}

public sealed record ToolCallRequest(
    string OrgId,
    string Tool,
    JsonElement? Arguments,
    ToolCaller Caller,
    ToolCallMode Mode,
    string? SessionId = null,
    JsonElement? BotContext = null);

/// <summary>Why a call ran or did not. Stored in the ledger as its snake_case name.</summary>
public enum ToolDecision
{
    Allowed,
    Approved,
    UnknownTool,
    Disabled,
    RateLimited,
    ApprovalRequired,
}

/// <summary>The ledger id of the call, the policy decision, and the tool's result (or why it did not run).</summary>
public sealed record ToolCallOutcome(long CallId, string Tool, ToolDecision Decision, ToolResult Result, string? ApprovalId, double LatencyMs);
