using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Audit;
using Steward.Security;

namespace Steward.Commerce.Sandbox;

/// <summary>Inject failures: the next <paramref name="Count"/> replies to the org's sandbox boards fail in <paramref name="Mode"/>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SandboxFaultRequest(string? Mode, int? Count);

/// <summary>The org's injected sandbox failures: seen by agents (a failed demo send has this explanation), set and cleared by admins.</summary>
public static class SandboxFaultEndpoints
{
    public static IEndpointRouteBuilder MapSandboxFaultEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sandbox/faults").WithTags("sandbox");
        group.MapGet("", GetAsync).RequireAuthorization(Policies.Agent);
        group.MapPut("", SetAsync).RequireAuthorization(Policies.Admin);
        group.MapDelete("", ClearAsync).RequireAuthorization(Policies.Admin);
        return app;
    }

    public static async Task<Ok<SandboxFault>> GetAsync(HttpContext context, SandboxFaults faults) =>
        TypedResults.Ok(await faults.GetAsync(context.User.GetCaller().OrgId, context.RequestAborted));

    public static async Task<Results<Ok<SandboxFault>, ValidationProblem>> SetAsync(SandboxFaultRequest request, HttpContext context, SandboxFaults faults)
    {
        var problems = new Dictionary<string, string[]>();
        if (!SandboxFaultModes.IsValid(request.Mode))
        {
            problems["mode"] = [$"'{SandboxFaultModes.Refuse}' (replies are refused) or '{SandboxFaultModes.Lost}' (replies are stored, their answer is lost)."];
        }

        if (request.Count is not (>= 1 and <= SandboxFaults.MaxCount))
        {
            problems["count"] = [$"How many of the next replies fail: 1 to {SandboxFaults.MaxCount}."];
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var orgId = context.User.GetCaller().OrgId;
        await faults.SetAsync(orgId, request.Mode!, request.Count!.Value, AuditActor.From(context), context.RequestAborted);
        return TypedResults.Ok(await faults.GetAsync(orgId, context.RequestAborted));
    }

    public static async Task<Ok<SandboxFault>> ClearAsync(HttpContext context, SandboxFaults faults)
    {
        var orgId = context.User.GetCaller().OrgId;
        await faults.ClearAsync(orgId, AuditActor.From(context), context.RequestAborted);
        return TypedResults.Ok(SandboxFault.None);
    }
}
