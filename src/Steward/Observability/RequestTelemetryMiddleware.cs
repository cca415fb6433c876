using System.Diagnostics;
using Steward.Security;

namespace Steward.Observability;

/// <summary>
/// One place that sees every request: when the response is done, one log line (method, route template, status,
/// elapsed, org), the HTTP metrics and the recent-latency window. Request and trace ids come from ASP.NET Core's own
/// per-request log scope. Paths are not logged: the route template says where a request went without carrying what a
/// client typed into a URL.
/// </summary>
internal sealed partial class RequestTelemetryMiddleware(
    RequestDelegate next, ILogger<RequestTelemetryMiddleware> logger, StewardMetrics metrics, RecentRequests recent)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var route = RouteOf(context);
            var status = context.Response.StatusCode;
            var method = context.Request.Method;
            var tags = new TagList { { "method", method }, { "route", route }, { "status", StatusText(status) } };
            metrics.HttpRequests.Add(1, tags);
            metrics.HttpRequestDuration.Record(elapsed.TotalSeconds, tags);
            recent.Record(elapsed.TotalMilliseconds);
            if (logger.IsEnabled(LogLevel.Information))
            {
                LogRequest(logger, method, route, status, Math.Round(elapsed.TotalMilliseconds, 2), context.User.TryGetCaller()?.OrgId ?? "-");
            }
        }
    }

    // A group's root endpoint has the template "/api/keys/": report it as "/api/keys".
    private static string RouteOf(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } raw
            ? raw.Length > 1 ? raw.TrimEnd('/') : raw
            : "unmatched";

    private static string StatusText(int status) => status switch
    {
        200 => "200",
        201 => "201",
        204 => "204",
        400 => "400",
        401 => "401",
        403 => "403",
        404 => "404",
        429 => "429",
        500 => "500",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Route} responded {Status} in {ElapsedMs} ms (org {Org})")]
    private static partial void LogRequest(ILogger logger, string method, string route, int status, double elapsedMs, string? org);
}
