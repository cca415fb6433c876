using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Audit;
using Steward.Security;

namespace Steward.Tools;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RejectBody(string? Reason);

/// <summary>Writes waiting for a person: list, approve (runs the tool as the approver), reject. Agents and admins.</summary>
public static class ApprovalEndpoints
{
    public static IEndpointRouteBuilder MapApprovalEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tools/approvals").WithTags("tools").RequireAuthorization(Policies.Agent);
        group.MapGet("", ListAsync);
        group.MapPost("/{id}/approve", ApproveAsync);
        group.MapPost("/{id}/reject", RejectAsync);
        return app;
    }

    public static async Task<Results<Ok<ToolApproval[]>, ValidationProblem>> ListAsync(
        HttpContext context, ToolApprovals approvals, string? status = null, int? limit = null)
    {
        ApprovalStatus? filter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<ApprovalStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(status[0]))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["One of pending, approved, rejected."] });
            }

            filter = parsed;
        }

        return TypedResults.Ok((await approvals.ListAsync(context.User.GetCaller().OrgId, filter, limit ?? 100, context.RequestAborted)).ToArray());
    }

    public static async Task<Results<Ok<ToolCallResponse>, Conflict<ProblemDetails>>> ApproveAsync(
        string id, HttpContext context, ToolInvoker invoker, AuditLog audit)
    {
        var caller = context.User.GetCaller();
        var outcome = await invoker.ApproveAsync(caller.OrgId, id, new ToolCaller(caller.ActorType, caller.ActorId), context.RequestAborted);
        if (outcome is null)
        {
            return NotPending();
        }

        await audit.WriteAsync(new AuditEntry(caller.OrgId, AuditActor.From(context), "tool.approval.approve", outcome.Result.IsError ? "failure" : "success",
            id, new Dictionary<string, string?> { ["tool"] = outcome.Tool, ["call_id"] = outcome.CallId.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            context.RequestAborted);
        return TypedResults.Ok(ToolCallResponse.From(outcome));
    }

    public static async Task<Results<NoContent, Conflict<ProblemDetails>, ValidationProblem>> RejectAsync(
        string id, RejectBody? body, HttpContext context, ToolApprovals approvals, AuditLog audit)
    {
        if (body?.Reason is { Length: > 500 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["At most 500 characters."] });
        }

        var caller = context.User.GetCaller();
        if (!await approvals.DecideAsync(caller.OrgId, id, ApprovalStatus.Rejected, $"{caller.ActorType}:{caller.ActorId}", body?.Reason, context.RequestAborted))
        {
            return NotPending();
        }

        await audit.WriteAsync(new AuditEntry(caller.OrgId, AuditActor.From(context), "tool.approval.reject", "success", id,
            new Dictionary<string, string?> { ["reason"] = body?.Reason }), context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static Conflict<ProblemDetails> NotPending() => TypedResults.Conflict(new ProblemDetails
    {
        Status = 409, Title = "Not pending", Detail = "This org has no pending approval with that id: it is unknown or was decided already.",
    });
}
