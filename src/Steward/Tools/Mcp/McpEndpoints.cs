using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Steward.Security;

namespace Steward.Tools.Mcp;

/// <summary>
/// Streamable HTTP at <c>/mcp</c>, in the SDK's stateful mode, wired as ModelContextProtocol.AspNetCore's
/// StreamableHttpHandler does (that package is not available here): POST carries JSON-RPC messages (an
/// <c>initialize</c> without <c>Mcp-Session-Id</c> opens a session and gets its id), GET opens the session's stream of
/// server messages, DELETE ends the session. The org is the API key's; agents and admins may connect, as for calling
/// a tool over <c>/api/tools</c>.
/// </summary>
internal static class McpEndpoints
{
    public const string SessionIdHeader = "Mcp-Session-Id";

    private static readonly JsonTypeInfo<JsonRpcMessage> MessageType = (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));
    private static readonly JsonTypeInfo<JsonRpcError> ErrorType = (JsonTypeInfo<JsonRpcError>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcError));

    public static IEndpointRouteBuilder MapMcpEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/mcp").WithTags("mcp").RequireAuthorization(Policies.Agent);
        group.MapPost("", PostAsync);
        group.MapGet("", GetAsync);
        group.MapDelete("", DeleteAsync);
        return app;
    }

    public static async Task PostAsync(HttpContext context, McpSessions sessions)
    {
        var accept = context.Request.GetTypedHeaders().Accept;
        if (!accept.Any(type => type.MatchesMediaType("application/json")) || !accept.Any(type => type.MatchesMediaType("text/event-stream")))
        {
            await ErrorAsync(context, StatusCodes.Status406NotAcceptable, "Not Acceptable: the client must accept both application/json and text/event-stream.");
            return;
        }

        if (!context.Request.HasJsonContentType())
        {
            await ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type: the body must be application/json.");
            return;
        }

        JsonRpcMessage? message;
        try
        {
            message = await context.Request.ReadFromJsonAsync(MessageType, context.RequestAborted);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "Bad Request: the body is not a JSON-RPC message.", (int)McpErrorCode.ParseError);
            return;
        }

        var caller = context.User.GetCaller();
        var sessionId = context.Request.Headers[SessionIdHeader].ToString();
        McpHttpSession? session;
        if (sessionId.Length == 0)
        {
            if (message is not JsonRpcRequest { Method: RequestMethods.Initialize })
            {
                await ErrorAsync(context, StatusCodes.Status400BadRequest, $"Bad Request: only an initialize request may come without an {SessionIdHeader} header.");
                return;
            }

            if ((session = await sessions.CreateAsync(caller)) is null)
            {
                await ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "Too many MCP sessions are open right now; try again later.");
                return;
            }
        }
        else if ((session = await FindAsync(context, sessions, sessionId, caller)) is null)
        {
            return;
        }

        if (!session.TryAcquire())
        {
            await SessionNotFoundAsync(context);
            return;
        }

        try
        {
            context.Response.Headers[SessionIdHeader] = session.Id;
            message.Context = new JsonRpcMessageContext { User = context.User };
            StartEventStream(context);
            if (!await session.Transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted))
            {
                // Notifications and responses get no body.
                context.Response.Headers.ContentType = (string?)null;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        finally
        {
            session.Release();
        }
    }

    public static async Task GetAsync(HttpContext context, McpSessions sessions, IHostApplicationLifetime lifetime)
    {
        if (!context.Request.GetTypedHeaders().Accept.Any(type => type.MatchesMediaType("text/event-stream")))
        {
            await ErrorAsync(context, StatusCodes.Status406NotAcceptable, "Not Acceptable: the client must accept text/event-stream.");
            return;
        }

        if (await FindAsync(context, sessions, context.Request.Headers[SessionIdHeader].ToString(), context.User.GetCaller()) is not { } session)
        {
            return;
        }

        if (!session.TryStartGetStream())
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "Bad Request: this session already has its GET stream.");
            return;
        }

        if (!session.TryAcquire())
        {
            await SessionNotFoundAsync(context);
            return;
        }

        // Shutting down ends the stream at once rather than waiting for the client to hang up.
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            StartEventStream(context);
            await session.Transport.HandleGetRequestAsync(context.Response.Body, stream.Token);
        }
        catch (OperationCanceledException) when (stream.IsCancellationRequested)
        {
            // How an event stream normally ends: the client went away, or Steward is stopping.
        }
        finally
        {
            session.Release();
        }
    }

    public static async Task DeleteAsync(HttpContext context, McpSessions sessions)
    {
        var sessionId = context.Request.Headers[SessionIdHeader].ToString();
        if (sessionId.Length == 0 || !await sessions.CloseAsync(sessionId, context.User.GetCaller()))
        {
            await SessionNotFoundAsync(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task<McpHttpSession?> FindAsync(HttpContext context, McpSessions sessions, string sessionId, Caller caller)
    {
        if (sessionId.Length == 0)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, $"Bad Request: the {SessionIdHeader} header is required.");
            return null;
        }

        // Another caller's session is reported exactly like one that never existed.
        var session = sessions.Find(sessionId, caller);
        if (session is null)
        {
            await SessionNotFoundAsync(context);
        }

        return session;
    }

    // -32001 is what the SDKs answer for an unknown session; clients then start a new one.
    private static Task SessionNotFoundAsync(HttpContext context) =>
        ErrorAsync(context, StatusCodes.Status404NotFound, "Session not found: it ended, or it was never yours. Initialize a new one.", -32001);

    private static Task ErrorAsync(HttpContext context, int status, string message, int code = -32000) =>
        Results.Json(new JsonRpcError { Error = new JsonRpcErrorDetail { Code = code, Message = message } }, ErrorType, statusCode: status).ExecuteAsync(context);

    private static void StartEventStream(HttpContext context)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers.ContentEncoding = "identity";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
    }
}
