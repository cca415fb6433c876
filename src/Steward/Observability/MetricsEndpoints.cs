namespace Steward.Observability;

/// <summary><c>/metrics</c> in Prometheus text format, anonymous (bind Steward to a private interface, or filter at the proxy).</summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", WriteAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static async Task WriteAsync(HttpContext context, PrometheusExporter exporter)
    {
        context.Response.ContentType = PrometheusExporter.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        await using var writer = new StreamWriter(context.Response.Body, leaveOpen: true);
        await exporter.WriteAsync(writer, context.RequestAborted);
    }
}
