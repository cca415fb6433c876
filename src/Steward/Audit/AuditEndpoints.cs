using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Security;

namespace Steward.Audit;

/// <summary>The caller's org's audit trail, newest first, for admins.</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", QueryAsync).WithTags("audit").RequireAuthorization(Policies.Admin);
        return app;
    }

    public static async Task<Ok<AuditEvent[]>> QueryAsync(HttpContext context, AuditLog audit, string? action = null, long? before = null, int? limit = null)
    {
        var caller = context.User.GetCaller();
        var events = await audit.QueryAsync(caller.OrgId, action, before, limit ?? 100, context.RequestAborted);
        return TypedResults.Ok(events.ToArray());
    }
}
