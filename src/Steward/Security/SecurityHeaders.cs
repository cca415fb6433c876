using Microsoft.Extensions.Options;
using Steward.Hosting;

namespace Steward.Security;

/// <summary>Security headers on every response, errors and 404s included.</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<ServerOptions> server)
{
    /// <summary>No inline scripts anywhere: the admin UI ships its scripts as files.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private readonly bool _hsts = server.Value.IsProduction;

    public Task InvokeAsync(HttpContext context)
    {
        // At response start rather than now: the exception handler clears headers before it writes its problem.
        context.Response.OnStarting(AddHeaders, context);
        return next(context);
    }

    private Task AddHeaders(object state)
    {
        var headers = ((HttpContext)state).Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        if (_hsts)
        {
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }

        return Task.CompletedTask;
    }
}
