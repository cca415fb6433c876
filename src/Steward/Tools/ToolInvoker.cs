using System.Diagnostics;
using System.Text.Json;
using Steward.Observability;
using Steward.Security;
using Steward.Security.RateLimiting;
using Steward.Storage;

namespace Steward.Tools;

/// <summary>
/// The one way a tool runs, whoever asks (the conversation pipeline, HTTP, MCP): find the tool, apply the org's policy
/// (enabled, calls per minute, approval of automatic writes), check the arguments, run it, and write one ledger row
/// whatever happened. The caller always gets an outcome, never an exception from the tool.
/// </summary>
public sealed partial class ToolInvoker(
    ToolRegistry registry,
    ToolPolicyStore policies,
    ToolCallLedger ledger,
    ToolApprovals approvals,
    IRateLimitCounters counters,
    PiiMasker masker,
    IServiceProvider services,
    StewardMetrics metrics,
    TimeProvider time,
    ILogger<ToolInvoker> logger)
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    public async Task<ToolCallOutcome> InvokeAsync(ToolCallRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var arguments = request.Arguments ?? ToolArguments.EmptyObject;
        var tool = await registry.FindAsync(request.OrgId, request.Tool, cancellationToken);
        if (tool is null)
        {
            return await RecordAsync(request, arguments, ToolDecision.UnknownTool,
                ToolResult.Failure(ToolErrorCodes.UnknownTool, $"There is no tool named '{request.Tool}'."), null, started);
        }

        var policy = (await policies.GetAsync(request.OrgId, tool, cancellationToken)).Policy;
        if (!policy.Enabled)
        {
            return await RecordAsync(request, arguments, ToolDecision.Disabled,
                ToolResult.Failure(ToolErrorCodes.Disabled, "This action is turned off for this shop, so it was not done."), null, started);
        }

        if (policy.CallsPerMinute > 0 && !await WithinRateAsync(request.OrgId, tool.Name, policy.CallsPerMinute, cancellationToken))
        {
            return await RecordAsync(request, arguments, ToolDecision.RateLimited,
                ToolResult.Failure(ToolErrorCodes.RateLimited, "Too many requests of this kind right now; please try again in a minute."),
                null, started);
        }

        if (Invalid(tool, arguments) is { } invalid)
        {
            return await RecordAsync(request, arguments, ToolDecision.Allowed, invalid, null, started);
        }

        if (tool.Access == ToolAccess.Write && policy.RequiresApproval && request.Mode == ToolCallMode.Automatic)
        {
            var approvalId = await approvals.CreateAsync(request, arguments, cancellationToken);
            return await RecordAsync(request, arguments, ToolDecision.ApprovalRequired,
                ToolResult.Failure(ToolErrorCodes.ApprovalRequired, "A staff member has to approve this change first; it will be done once they do."),
                approvalId, started);
        }

        var result = await RunAsync(tool, request, arguments, cancellationToken);
        return await RecordAsync(request, arguments, ToolDecision.Allowed, result, null, started);
    }

    /// <summary>
    /// Runs a pending approval's call for the person approving it. Null when there is no such pending approval (unknown, or
    /// decided already — the first decision wins). The tool must still exist and be enabled.
    /// </summary>
    public async Task<ToolCallOutcome?> ApproveAsync(string orgId, string approvalId, ToolCaller approver, CancellationToken cancellationToken)
    {
        var approval = await approvals.GetAsync(orgId, approvalId, cancellationToken);
        if (approval is not { Status: ApprovalStatus.Pending })
        {
            return null;
        }

        var started = time.GetTimestamp();
        var request = new ToolCallRequest(orgId, approval.Tool, approval.Arguments, approver, ToolCallMode.Interactive, approval.SessionId, approval.BotContext);
        var tool = await registry.FindAsync(orgId, approval.Tool, cancellationToken);
        if (tool is null || !(await policies.GetAsync(orgId, tool, cancellationToken)).Policy.Enabled)
        {
            return await RecordAsync(request, approval.Arguments, tool is null ? ToolDecision.UnknownTool : ToolDecision.Disabled,
                ToolResult.Failure(tool is null ? ToolErrorCodes.UnknownTool : ToolErrorCodes.Disabled,
                    "This action is no longer available for this shop, so the approval cannot run it."), approvalId, started);
        }

        if (!await approvals.DecideAsync(orgId, approvalId, ApprovalStatus.Approved, $"{approver.Type}:{approver.Id}", null, cancellationToken))
        {
            return null;
        }

        var result = await RunAsync(tool, request, approval.Arguments, cancellationToken);
        await approvals.RecordResultAsync(orgId, approvalId, result, cancellationToken);
        return await RecordAsync(request, approval.Arguments, ToolDecision.Approved, result, approvalId, started);
    }

    private static ToolResult? Invalid(ToolDefinition tool, JsonElement arguments)
    {
        var problems = ToolArguments.Validate(tool.InputSchema, arguments);
        return problems.Count == 0 ? null : ToolResult.Failure(ToolErrorCodes.InvalidArguments,
            "The request was incomplete or malformed: " + string.Join("; ", problems.Select(p => $"{p.Key}: {p.Value}")));
    }

    private async Task<ToolResult> RunAsync(ToolDefinition tool, ToolCallRequest request, JsonElement arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await tool.Handler(new ToolContext(request.OrgId, request.SessionId, request.Caller, services), arguments, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The ledger records the failure; the caller gets a sentence, never the exception's text.
            LogToolFailed(logger, ex, tool.Name, request.OrgId);
            return ToolResult.Failure(ToolErrorCodes.Internal, "Something went wrong while doing this; nothing was changed that we know of. Please try again later.");
        }
    }

    private async ValueTask<bool> WithinRateAsync(string orgId, string tool, int perMinute, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var windowMs = (long)RateWindow.TotalMilliseconds;
        var start = DateTimeOffset.FromUnixTimeMilliseconds(now / windowMs * windowMs);
        return await counters.IncrementAsync($"tool:{orgId}:{tool}", start, RateWindow, cancellationToken) <= perMinute;
    }

    private async Task<ToolCallOutcome> RecordAsync(
        ToolCallRequest request, JsonElement arguments, ToolDecision decision, ToolResult result, string? approvalId, long started)
    {
        var outcome = decision switch
        {
            ToolDecision.ApprovalRequired => ToolCallLedger.Outcomes.Pending,
            ToolDecision.Allowed or ToolDecision.Approved => result.IsError ? ToolCallLedger.Outcomes.Error : ToolCallLedger.Outcomes.Ok,
            _ => ToolCallLedger.Outcomes.Blocked,
        };
        var elapsed = time.GetElapsedTime(started);
        var callId = await ledger.AppendAsync(new ToolCallRecord(
            request.OrgId, request.SessionId, request.Caller, request.Tool, request.Mode, MaskedJson.Write(arguments, masker), decision, outcome,
            result.Error?.Code, (long)elapsed.TotalMicroseconds, approvalId, request.BotContext?.GetRawText()));

        // Unknown names come from callers; only registered tools become metric labels, so the series stay bounded.
        var toolLabel = decision == ToolDecision.UnknownTool ? "unknown" : request.Tool;
        var tags = new TagList { { "tool", toolLabel }, { "decision", Names.SnakeCase(decision) }, { "outcome", outcome } };
        metrics.ToolCalls.Add(1, tags);
        metrics.ToolCallDuration.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("tool", toolLabel));
        return new ToolCallOutcome(callId, request.Tool, decision, result, approvalId, elapsed.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Tool {Tool} failed unexpectedly for org {OrgId}")]
    private static partial void LogToolFailed(ILogger logger, Exception exception, string tool, string orgId);
}
