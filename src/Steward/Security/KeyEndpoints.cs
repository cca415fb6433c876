using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Audit;

namespace Steward.Security;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateKeyRequest(string? Name, string? Role);

public sealed record ApiKeyResponse(
    string Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

public sealed record CreatedKeyResponse(string Id, string Name, string Role, string Prefix, string Key);

/// <summary>API keys of the caller's org, for admins. The secret appears once, in the creation response.</summary>
public static class KeyEndpoints
{
    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/keys").WithTags("keys").RequireAuthorization(Policies.Admin);
        group.MapGet("", ListAsync);
        group.MapPost("", CreateAsync);
        group.MapDelete("/{id}", RevokeAsync);
        return app;
    }

    public static async Task<Ok<ApiKeyResponse[]>> ListAsync(HttpContext context, ApiKeyStore keys)
    {
        var caller = context.User.GetCaller();
        var list = await keys.ListAsync(caller.OrgId, context.RequestAborted);
        return TypedResults.Ok(list.Select(ToResponse).ToArray());
    }

    public static async Task<Results<Created<CreatedKeyResponse>, ValidationProblem>> CreateAsync(
        CreateKeyRequest request, HttpContext context, ApiKeyStore keys)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100) errors["name"] = ["Required, at most 100 characters."];
        if (!Roles.IsValid(request.Role)) errors["role"] = [$"One of: {string.Join(", ", Roles.All)}."];
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var caller = context.User.GetCaller();
        var issued = await keys.CreateAsync(
            caller.OrgId, request.Name!.Trim(), request.Role!, AuditActor.From(context), context.RequestAborted);
        var info = issued.Info;
        return TypedResults.Created($"/api/keys/{info.Id}", new CreatedKeyResponse(info.Id, info.Name, info.Role, info.Prefix, issued.Key));
    }

    public static async Task<Results<NoContent, NotFound<ProblemDetails>>> RevokeAsync(string id, HttpContext context, ApiKeyStore keys)
    {
        var caller = context.User.GetCaller();
        return await keys.RevokeAsync(caller.OrgId, id, AuditActor.From(context), context.RequestAborted)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not found", Detail = "This org has no active API key with that id." });
    }

    private static ApiKeyResponse ToResponse(ApiKeyInfo key) =>
        new(key.Id, key.Name, key.Role, key.Prefix, key.CreatedAt, key.LastUsedAt, key.RevokedAt);
}
