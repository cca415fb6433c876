using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Audit;
using Steward.Security;

namespace Steward.Guardian;

/// <summary>A manual trip or a reset: the switch, the account for <c>account_lock</c>, and why (required).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record GuardianSwitchRequest(string? Switch, string? AccountId, string? Reason);

/// <summary>What a trip or reset did: whether the switch changed (false: it already was so) and the state after it.</summary>
public sealed record GuardianChangeResponse(bool Changed, GuardianState State);

/// <summary>
/// The guardian's switches and history: read by agents and admins (agents see why sends stopped), tripped and reset by
/// admins only, every change with a reason.
/// </summary>
public static class GuardianEndpoints
{
    public const int MaxReasonLength = 500;
    public const int MaxAccountIdLength = 200;

    public static IEndpointRouteBuilder MapGuardianEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/guardian").WithTags("guardian");
        group.MapGet("", GetAsync).RequireAuthorization(Policies.Agent);
        group.MapPost("/trip", (GuardianSwitchRequest request, HttpContext context, GuardianService guardian) =>
            ChangeAsync(request, on: true, context, guardian)).RequireAuthorization(Policies.Admin);
        group.MapPost("/reset", (GuardianSwitchRequest request, HttpContext context, GuardianService guardian) =>
            ChangeAsync(request, on: false, context, guardian)).RequireAuthorization(Policies.Admin);
        return app;
    }

    public static async Task<Ok<GuardianState>> GetAsync(HttpContext context, GuardianService guardian) =>
        TypedResults.Ok(await guardian.StateAsync(context.User.GetCaller().OrgId, context.RequestAborted));

    public static async Task<Results<Ok<GuardianChangeResponse>, ValidationProblem>> ChangeAsync(
        GuardianSwitchRequest request, bool on, HttpContext context, GuardianService guardian)
    {
        if (Validate(request) is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var caller = context.User.GetCaller();
        var accountId = request.Switch == GuardianSwitches.AccountLock ? request.AccountId!.Trim() : null;
        var change = new GuardianChange(request.Switch!, accountId, on, $"{caller.ActorType}:{caller.ActorId}", on ? GuardianRules.Manual : null,
            request.Reason!.Trim(), null);
        var changed = await guardian.ChangeAsync(caller.OrgId, change, AuditActor.From(context), context.RequestAborted);
        return TypedResults.Ok(new GuardianChangeResponse(changed, await guardian.StateAsync(caller.OrgId, context.RequestAborted)));
    }

    public static Dictionary<string, string[]> Validate(GuardianSwitchRequest request)
    {
        var problems = new Dictionary<string, string[]>();
        if (!GuardianSwitches.IsValid(request.Switch))
        {
            problems["switch"] = [$"One of {string.Join(", ", [.. GuardianSwitches.OrgWide, GuardianSwitches.AccountLock])}."];
        }
        else if (request.Switch == GuardianSwitches.AccountLock && (string.IsNullOrWhiteSpace(request.AccountId) || request.AccountId.Length > MaxAccountIdLength))
        {
            problems["account_id"] = [$"account_lock needs the account (1–{MaxAccountIdLength} characters)."];
        }
        else if (request.Switch != GuardianSwitches.AccountLock && request.AccountId is not null)
        {
            problems["account_id"] = ["Only account_lock takes an account."];
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaxReasonLength)
        {
            problems["reason"] = [$"Say why (1–{MaxReasonLength} characters): it is recorded with the change."];
        }

        return problems;
    }
}
