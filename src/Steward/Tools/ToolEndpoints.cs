using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Audit;
using Steward.Security;

namespace Steward.Tools;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ToolCallBody(JsonElement? Arguments, string? SessionId, ToolCallMode? Mode);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ToolPolicyBody(bool? Enabled, bool? RequiresApproval, int? CallsPerMinute);

public sealed record ToolView(string Name, string Description, ToolAccess Access, string Source, JsonElement InputSchema, ToolPolicy Policy, bool PolicyIsDefault);

public sealed record ToolCallResponse(long CallId, string Tool, ToolDecision Decision, bool Ok, JsonElement? Data, ToolError? Error, string? ApprovalId, double LatencyMs)
{
    public static ToolCallResponse From(ToolCallOutcome outcome) => new(outcome.CallId, outcome.Tool, outcome.Decision, !outcome.Result.IsError,
        outcome.Result.Data, outcome.Result.Error, outcome.ApprovalId, Math.Round(outcome.LatencyMs, 3));
}

/// <summary>The caller's org's tools: list (viewers), call (agents), policies and the call ledger (admins).</summary>
public static class ToolEndpoints
{
    public const int MaxSessionIdLength = 100;

    public static IEndpointRouteBuilder MapToolEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tools").WithTags("tools");
        group.MapGet("", ListAsync).RequireAuthorization(Policies.Viewer);
        group.MapGet("/calls", CallsAsync).RequireAuthorization(Policies.Admin);
        group.MapPost("/{name}/call", CallAsync).RequireAuthorization(Policies.Agent);
        group.MapPut("/{name}/policy", SetPolicyAsync).RequireAuthorization(Policies.Admin);
        return app;
    }

    public static async Task<Ok<ToolView[]>> ListAsync(HttpContext context, ToolRegistry registry, ToolPolicyStore policies)
    {
        var orgId = context.User.GetCaller().OrgId;
        var views = new List<ToolView>();
        foreach (var tool in await registry.ListAsync(orgId, context.RequestAborted))
        {
            var policy = await policies.GetAsync(orgId, tool, context.RequestAborted);
            views.Add(new ToolView(tool.Name, tool.Description, tool.Access, tool.Source, tool.InputSchema, policy.Policy, policy.IsDefault));
        }

        return TypedResults.Ok(views.ToArray());
    }

    /// <summary>
    /// Calls a tool as the caller. A person's call is interactive unless it says otherwise; an API key's is automatic, so
    /// write tools that need approval wait for one. Tool failures are 200 with <c>ok: false</c>; an unknown tool is 404.
    /// </summary>
    public static async Task<Results<Ok<ToolCallResponse>, NotFound<ProblemDetails>, ValidationProblem>> CallAsync(
        string name, ToolCallBody? body, HttpContext context, ToolInvoker invoker)
    {
        if (body?.SessionId is { Length: > MaxSessionIdLength })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["session_id"] = [$"At most {MaxSessionIdLength} characters."] });
        }

        var caller = context.User.GetCaller();
        var mode = body?.Mode ?? (caller.ActorType == "user" ? ToolCallMode.Interactive : ToolCallMode.Automatic);
        var outcome = await invoker.InvokeAsync(
            new ToolCallRequest(caller.OrgId, name, body?.Arguments, new ToolCaller(caller.ActorType, caller.ActorId), mode, body?.SessionId),
            context.RequestAborted);
        return outcome.Decision == ToolDecision.UnknownTool
            ? TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Unknown tool", Detail = outcome.Result.Error!.Message })
            : TypedResults.Ok(ToolCallResponse.From(outcome));
    }

    public static async Task<Results<Ok<ToolView>, NotFound<ProblemDetails>, ValidationProblem>> SetPolicyAsync(
        string name, ToolPolicyBody body, HttpContext context, ToolRegistry registry, ToolPolicyStore policies)
    {
        if (body.CallsPerMinute is < 0 or > 1_000_000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["calls_per_minute"] = ["From 0 (no limit) to 1,000,000."] });
        }

        var orgId = context.User.GetCaller().OrgId;
        if (await registry.FindAsync(orgId, name, context.RequestAborted) is not { } tool)
        {
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Unknown tool", Detail = $"There is no tool named '{name}'." });
        }

        var current = (await policies.GetAsync(orgId, tool, context.RequestAborted)).Policy;
        var policy = new ToolPolicy(body.Enabled ?? current.Enabled, body.RequiresApproval ?? current.RequiresApproval, body.CallsPerMinute ?? current.CallsPerMinute);
        await policies.SetAsync(orgId, tool.Name, policy, AuditActor.From(context), context.RequestAborted);
        return TypedResults.Ok(new ToolView(tool.Name, tool.Description, tool.Access, tool.Source, tool.InputSchema, policy, false));
    }

    public static async Task<Ok<ToolCallEntry[]>> CallsAsync(
        HttpContext context, ToolCallLedger ledger, string? tool = null, string? outcome = null, string? decision = null, string? session_id = null,
        string? caller_id = null, DateTimeOffset? from = null, DateTimeOffset? to = null, long? before = null, int? limit = null)
    {
        var entries = await ledger.QueryAsync(context.User.GetCaller().OrgId,
            new ToolCallQuery(tool, outcome, decision, session_id, caller_id, from, to, before, limit ?? 100), context.RequestAborted);
        return TypedResults.Ok(entries.ToArray());
    }
}
