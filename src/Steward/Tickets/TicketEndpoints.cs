using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Security;

namespace Steward.Tickets;

/// <summary>The caller's org's support tickets, newest first, for admins.</summary>
public static class TicketEndpoints
{
    public static IEndpointRouteBuilder MapTicketEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/tickets", ListAsync).WithTags("tickets").RequireAuthorization(Policies.Admin);
        return app;
    }

    public static async Task<Ok<Ticket[]>> ListAsync(HttpContext context, TicketStore tickets, string? status = null, int? limit = null, int? offset = null) =>
        TypedResults.Ok((await tickets.ListAsync(context.User.GetCaller().OrgId, status, limit ?? 100, offset ?? 0, context.RequestAborted)).ToArray());
}
