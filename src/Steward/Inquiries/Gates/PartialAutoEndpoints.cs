using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Audit;
using Steward.Security;

namespace Steward.Inquiries.Gates;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PresetRequest(int Phase, List<string>? Accounts, List<string>? Markets);

/// <summary>The org's partial-auto gate settings: read (agents), replace, apply a staged-unlock preset, reset (admins).</summary>
public static class PartialAutoEndpoints
{
    public static IEndpointRouteBuilder MapPartialAutoEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/partial-auto/settings").WithTags("inquiries");
        group.MapGet("", GetAsync).RequireAuthorization(Policies.Agent);
        group.MapPut("", SetAsync).RequireAuthorization(Policies.Admin);
        group.MapPost("/preset", PresetAsync).RequireAuthorization(Policies.Admin);
        group.MapDelete("", ResetAsync).RequireAuthorization(Policies.Admin);
        app.MapGet("/api/partial-auto/report", ReportAsync).WithTags("inquiries").RequireAuthorization(Policies.Agent);
        return app;
    }

    public static async Task<Ok<EffectivePartialAuto>> GetAsync(HttpContext context, PartialAutoSettingsStore store) =>
        TypedResults.Ok(await store.GetAsync(context.User.GetCaller().OrgId, context.RequestAborted));

    public static async Task<Results<Ok<EffectivePartialAuto>, ValidationProblem>> SetAsync(
        PartialAutoSettings settings, HttpContext context, PartialAutoSettingsStore store)
    {
        if (PartialAutoSettingsStore.Validate(settings) is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var orgId = context.User.GetCaller().OrgId;
        await store.SetAsync(orgId, settings, AuditActor.From(context), context.RequestAborted);
        return TypedResults.Ok(await store.GetAsync(orgId, context.RequestAborted));
    }

    public static async Task<Results<Ok<EffectivePartialAuto>, ValidationProblem>> PresetAsync(
        PresetRequest request, HttpContext context, PartialAutoSettingsStore store)
    {
        if (request.Phase is < 1 or > 3)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["phase"] = ["1 (test mode), 2 (one account) or 3 (everything)."] });
        }

        if (request.Phase == 2 && (request.Accounts is not { Count: > 0 } || request.Markets is not { Count: > 0 }))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["accounts"] = ["Phase 2 unlocks named accounts and markets: give both."] });
        }

        var orgId = context.User.GetCaller().OrgId;
        await store.SetAsync(orgId, PartialAutoSettings.Preset(request.Phase, request.Accounts ?? [], request.Markets ?? []), AuditActor.From(context),
            context.RequestAborted);
        return TypedResults.Ok(await store.GetAsync(orgId, context.RequestAborted));
    }

    public static async Task<Ok<EffectivePartialAuto>> ResetAsync(HttpContext context, PartialAutoSettingsStore store)
    {
        var orgId = context.User.GetCaller().OrgId;
        await store.ResetAsync(orgId, AuditActor.From(context), context.RequestAborted);
        return TypedResults.Ok(await store.GetAsync(orgId, context.RequestAborted));
    }

    /// <summary>The last <paramref name="days"/> days (default 30, at most 90) of partial auto, and seed 000's readiness checks.</summary>
    public static async Task<Results<Ok<PartialAutoReport>, ValidationProblem>> ReportAsync(HttpContext context, PartialAutoReporter reporter, int? days = null)
    {
        if (days is < 1 or > PartialAutoReporter.MaxDays)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = [$"1 to {PartialAutoReporter.MaxDays} days."] });
        }

        return TypedResults.Ok(await reporter.ReportAsync(context.User.GetCaller().OrgId, days ?? 30, context.RequestAborted));
    }
}
