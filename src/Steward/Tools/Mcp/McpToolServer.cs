using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Steward.Hosting;

namespace Steward.Tools.Mcp;

/// <summary>
/// An org's tools as an MCP server, over stdio or HTTP alike: the list is the org's enabled tools, and every call goes
/// through <see cref="ToolInvoker"/> (policy, approval, ledger) as an automatic call by the MCP client, named by the
/// name it gave at initialisation. Tool failures, blocked calls included, are results with <c>isError</c>; only a call
/// of a tool that does not exist is a protocol error.
/// </summary>
internal sealed class McpToolServer(ToolRegistry registry, ToolPolicyStore policies, ToolInvoker invoker)
{
    public const int MaxClientNameLength = 100;

    public McpServerOptions CreateOptions(string orgId) => new()
    {
        ServerInfo = new Implementation { Name = "steward", Version = ServerOptions.Version },
        ServerInstructions = $"The tools of Steward org '{orgId}'. Tools that change something may need a staff member's approval first; " +
                             "such a call returns approval_required and is done once a person approves it.",
        Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = false } },
        Handlers = new McpServerHandlers
        {
            ListToolsHandler = (_, cancellationToken) => ListAsync(orgId, cancellationToken),
            CallToolHandler = (request, cancellationToken) => CallAsync(orgId, request, cancellationToken),
        },
    };

    private async ValueTask<ListToolsResult> ListAsync(string orgId, CancellationToken cancellationToken)
    {
        var tools = new List<Tool>();
        foreach (var tool in await registry.ListAsync(orgId, cancellationToken))
        {
            if ((await policies.GetAsync(orgId, tool, cancellationToken)).Policy.Enabled)
            {
                tools.Add(ToProtocol(tool));
            }
        }

        return new ListToolsResult { Tools = tools };
    }

    private async ValueTask<CallToolResult> CallAsync(string orgId, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var parameters = request.Params ?? throw new McpProtocolException("tools/call needs params with the tool's name.", McpErrorCode.InvalidParams);
        var arguments = parameters.Arguments is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(parameters.Arguments);
        var clientName = request.Server.ClientInfo?.Name;
        var caller = ToolCaller.Mcp(clientName is { Length: > MaxClientNameLength } ? clientName[..MaxClientNameLength] : clientName);
        var outcome = await invoker.InvokeAsync(
            new ToolCallRequest(orgId, parameters.Name, arguments, caller, ToolCallMode.Automatic, request.Server.SessionId), cancellationToken);
        if (outcome.Decision == ToolDecision.UnknownTool)
        {
            throw new McpProtocolException(outcome.Result.Error!.Message, McpErrorCode.InvalidParams);
        }

        return ToResult(outcome);
    }

    public static Tool ToProtocol(ToolDefinition tool) => new()
    {
        Name = tool.Name,
        Title = TitleOf(tool.Name),
        Description = tool.Description,
        InputSchema = tool.InputSchema,
        Annotations = new ToolAnnotations
        {
            Title = TitleOf(tool.Name),
            ReadOnlyHint = tool.Access == ToolAccess.Read,
            DestructiveHint = tool.Access == ToolAccess.Write,
        },
    };

    public static CallToolResult ToResult(ToolCallOutcome outcome)
    {
        if (outcome.Result is { Error: { } error })
        {
            return new CallToolResult
            {
                IsError = true,
                Content = [new TextContentBlock { Text = error.Message }],
                StructuredContent = JsonSerializer.SerializeToElement(
                    new { error, call_id = outcome.CallId, decision = outcome.Decision, approval_id = outcome.ApprovalId }, ToolResult.Json),
            };
        }

        var data = outcome.Result.Data ?? JsonSerializer.SerializeToElement(new { }, ToolResult.Json);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = data.GetRawText() }],
            // Structured content must be an object; a tool that returns anything else is still readable as text.
            StructuredContent = data.ValueKind == JsonValueKind.Object ? data : null,
        };
    }

    /// <summary>lookup_order → "Lookup order"; shop__get_rate → "Shop: get rate".</summary>
    private static string TitleOf(string name)
    {
        var title = name.Replace(ExternalMcpConnection.Separator, ": ", StringComparison.Ordinal).Replace('_', ' ');
        return title.Length == 0 ? title : char.ToUpperInvariant(title[0]) + title[1..];
    }
}
