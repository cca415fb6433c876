using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Steward.Hosting;

namespace Steward.Observability;

/// <summary><c>/liveness</c>, <c>/readiness</c>, <c>/health</c> (alias <c>/healthz</c>) and <c>/health/detailed</c>, all anonymous.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/liveness", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteSummaryAsync }).AllowAnonymous();
        app.MapHealthChecks("/readiness", Options(HealthTags.Ready, WriteSummaryAsync)).AllowAnonymous();
        app.MapHealthChecks("/health", Options(HealthTags.Summary, WriteSummaryAsync)).AllowAnonymous();
        app.MapHealthChecks("/healthz", Options(HealthTags.Summary, WriteSummaryAsync)).AllowAnonymous();
        app.MapHealthChecks("/health/detailed", Options(HealthTags.Detailed, WriteDetailedAsync)).AllowAnonymous();
        return app;
    }

    private static HealthCheckOptions Options(string tag, Func<HttpContext, HealthReport, Task> writer) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = writer,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    private static Task WriteSummaryAsync(HttpContext context, HealthReport report) =>
        WriteAsync(context, report, entry => entry.Status != HealthStatus.Unhealthy);

    private static Task WriteDetailedAsync(HttpContext context, HealthReport report) =>
        WriteAsync(context, report, entry => new
        {
            status = Name(entry.Status),
            description = entry.Description,
            duration_ms = Math.Round(entry.Duration.TotalMilliseconds, 2),
            data = entry.Data,
        });

    private static Task WriteAsync(HttpContext context, HealthReport report, Func<HealthReportEntry, object> describe)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = Name(report.Status),
            version = ServerOptions.Version,
            timestamp = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
            duration_ms = Math.Round(report.TotalDuration.TotalMilliseconds, 2),
            checks = report.Entries.ToDictionary(pair => pair.Key, pair => describe(pair.Value)),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
