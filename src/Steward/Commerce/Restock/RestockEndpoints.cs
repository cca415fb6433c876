using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Audit;
using Steward.Security;

namespace Steward.Commerce.Restock;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RestockDispatchBody(long? ProductNo);

/// <summary>Restock alerts: dispatch now (service callers such as cron, and admins) and the subscriptions (admins).</summary>
public static class RestockEndpoints
{
    public static IEndpointRouteBuilder MapRestockEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/runtime/restock/dispatch", DispatchAsync).WithTags("restock").RequireAuthorization(Policies.Service);
        app.MapGet("/api/restock/subscriptions", ListAsync).WithTags("restock").RequireAuthorization(Policies.Admin);
        return app;
    }

    /// <summary>Notifies the caller's org's waiting customers whose product is back in stock (only <c>product_no</c>'s, if given).</summary>
    public static async Task<Ok<RestockDispatchResult>> DispatchAsync(RestockDispatchBody? body, HttpContext context, RestockDispatcher dispatcher, AuditLog audit)
    {
        var caller = context.User.GetCaller();
        var result = await dispatcher.DispatchAsync(caller.OrgId, body?.ProductNo, context.RequestAborted);
        await audit.WriteAsync(
            new AuditEntry(caller.OrgId, AuditActor.From(context), "restock.dispatch", "success", body?.ProductNo?.ToString(CultureInfo.InvariantCulture),
                new Dictionary<string, string?>
                {
                    ["checked_products"] = result.CheckedProducts.ToString(CultureInfo.InvariantCulture),
                    ["notified"] = result.Notified.ToString(CultureInfo.InvariantCulture),
                    ["failed"] = result.Failed.ToString(CultureInfo.InvariantCulture),
                }),
            context.RequestAborted);
        return TypedResults.Ok(result);
    }

    /// <summary>Newest first; <c>waiting=true</c> keeps only those not yet notified.</summary>
    public static async Task<Ok<RestockSubscription[]>> ListAsync(HttpContext context, RestockSubscriptions subscriptions, bool? waiting = null, int? limit = null) =>
        TypedResults.Ok((await subscriptions.ListAsync(context.User.GetCaller().OrgId, waiting ?? false, limit ?? 100, context.RequestAborted)).ToArray());
}
