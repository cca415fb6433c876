using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Steward.Hosting;

/// <summary>
/// Turns every unhandled exception into an RFC 7807 response. Bad requests (malformed JSON, unknown fields, oversized
/// bodies) get a 4xx with a sentence a client can act on; everything else is a plain 500. No exception text, type
/// name or stack trace ever reaches the client — they go to the log.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (413, "Request body too large", "The request body exceeds the size limit."),
            BadHttpRequestException { InnerException: JsonException json } =>
                (400, "Invalid JSON body", json.Path is { Length: > 1 } path
                    ? $"The request body is not valid for this endpoint at '{path}' (malformed JSON, a wrong type or an unknown field)."
                    : "The request body is not valid JSON for this endpoint."),
            BadHttpRequestException bad =>
                (bad.StatusCode, "Bad request", "The request is malformed: check the body, the parameters and the Content-Type header."),
            _ => (500, "Internal server error", "Something went wrong on our side. It has been logged; quote the request id when reporting it."),
        };

        if (status >= 500)
        {
            LogUnhandled(logger, exception);
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = null, // never serialise the exception
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception while serving a request")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
