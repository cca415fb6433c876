using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Security;

namespace Steward.Commerce.Restock;

/// <summary>What was sent to the caller's org's customers, newest first, for admins.</summary>
public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/notifications", ListAsync).WithTags("notifications").RequireAuthorization(Policies.Admin);
        return app;
    }

    public static async Task<Ok<SentNotification[]>> ListAsync(HttpContext context, NotificationStore notifications, int? limit = null, int? offset = null) =>
        TypedResults.Ok((await notifications.ListAsync(context.User.GetCaller().OrgId, limit ?? 100, offset ?? 0, context.RequestAborted)).ToArray());
}
