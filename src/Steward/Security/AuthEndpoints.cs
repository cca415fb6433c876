using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Audit;
using Steward.Security.RateLimiting;

namespace Steward.Security;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LoginRequest(string? Org, string? Username, string? Password);

public sealed record CallerResponse(string Org, string Role, string ActorType, string ActorId, string Name);

/// <summary>Admin UI sessions: log in with a password, get a cookie; log out; ask who you are.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("auth");
        group.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Login);
        group.MapPost("/logout", (Delegate)LogoutAsync).RequireAuthorization();
        group.MapGet("/me", Me).RequireAuthorization();
        return app;
    }

    public static async Task<Results<Ok<CallerResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext context, OrgStore orgs, UserStore users, AuditLog audit)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Org)) errors["org"] = ["Required."];
        if (string.IsNullOrWhiteSpace(request.Username)) errors["username"] = ["Required."];
        if (string.IsNullOrEmpty(request.Password)) errors["password"] = ["Required."];
        if (request.Password is { Length: > 256 }) errors["password"] = ["At most 256 characters."];
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var ip = context.Connection.RemoteIpAddress?.ToString();
        var org = OrgStore.IsValidId(request.Org) ? await orgs.FindAsync(request.Org!, context.RequestAborted) : null;
        var user = org is null ? null : await users.VerifyAsync(org.Id, request.Username!, request.Password!, context.RequestAborted);
        if (org is not null)
        {
            await audit.WriteAsync(new AuditEntry(
                org.Id,
                new AuditActor("user", user?.Id, ip),
                user is null ? "auth.login.failed" : "auth.login.succeeded",
                user is null ? "denied" : "success",
                request.Username), context.RequestAborted);
        }

        if (user is null)
        {
            return TypedResults.Problem(
                title: "Login failed", detail: "The organisation, user name or password is not right.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var caller = new Caller(user.OrgId, user.Role, "user", user.Id, user.Username);
        await context.SignInAsync(SecurityServiceCollectionExtensions.CookieScheme, caller.ToPrincipal(SecurityServiceCollectionExtensions.CookieScheme));
        return TypedResults.Ok(ToResponse(caller));
    }

    public static async Task<NoContent> LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(SecurityServiceCollectionExtensions.CookieScheme);
        return TypedResults.NoContent();
    }

    public static Ok<CallerResponse> Me(HttpContext context) => TypedResults.Ok(ToResponse(context.User.GetCaller()));

    private static CallerResponse ToResponse(Caller caller) => new(caller.OrgId, caller.Role, caller.ActorType, caller.ActorId, caller.Name);
}
