using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Steward.Security;
using Steward.Tools;

namespace Steward.Conversations;

/// <summary>
/// <c>/ws/chat</c>: a conversation over one WebSocket, authenticated with the API key at the handshake. The client sends
/// <c>{"message","session_id"?,"user_id"?}</c>; the server answers each with <c>token</c> events (the reply in pieces,
/// streamed only after it passed the grounding check) and a final <c>reply</c> event with the whole turn. Bad input
/// and limits come back as <c>error</c> events; the connection stays open.
/// </summary>
public static partial class ChatWebSocket
{
    public const int MaxFrameBytes = 16 * 1024;
    public const int MessagesPerMinute = 30;

    public static IEndpointRouteBuilder MapChatWebSocket(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ws/chat", HandleAsync).WithTags("conversations").RequireAuthorization(Policies.Viewer);
        return app;
    }

    public static async Task<IResult> HandleAsync(
        HttpContext context, TurnGate gate, IOptions<ConversationOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(statusCode: 400, title: "WebSocket required", detail: "Connect with a WebSocket handshake.");
        }

        var caller = context.User.GetCaller();
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        string? sessionId = null;
        var sent = new Queue<DateTimeOffset>();
        var buffer = new byte[MaxFrameBytes];
        while (socket.State == WebSocketState.Open && !context.RequestAborted.IsCancellationRequested)
        {
            var (text, tooBig, closed) = await ReceiveAsync(socket, buffer, context.RequestAborted);
            if (closed)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                break;
            }

            if (tooBig)
            {
                await SendAsync(socket, new { type = "error", code = "message_too_large", message = $"A message may be at most {MaxFrameBytes} bytes." });
                continue;
            }

            if (Parse(text) is not { } incoming)
            {
                await SendAsync(socket, new { type = "error", code = "invalid_message", message = """Send JSON: {"message": "...", "session_id": "..."}.""" });
                continue;
            }

            if (ConversationEndpoints.Invalid("message", incoming.Message, options.Value.MaxMessageLength) is not null ||
                !ConversationEndpoints.ValidId(incoming.SessionId) || !ConversationEndpoints.ValidId(incoming.UserId))
            {
                await SendAsync(socket, new { type = "error", code = "invalid_message", message = $"message: required, at most {options.Value.MaxMessageLength} characters; ids: letters, digits and - _ . :" });
                continue;
            }

            var now = time.GetUtcNow();
            while (sent.Count > 0 && now - sent.Peek() > TimeSpan.FromMinutes(1))
            {
                sent.Dequeue();
            }

            if (sent.Count >= MessagesPerMinute)
            {
                await SendAsync(socket, new { type = "error", code = "rate_limited", message = $"At most {MessagesPerMinute} messages a minute on one connection." });
                continue;
            }

            sent.Enqueue(now);
            sessionId = incoming.SessionId ?? sessionId ?? "ws_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));
            TurnReply reply;
            try
            {
                reply = await gate.RunAsync(new TurnRequest(caller.OrgId, incoming.Message!, Channels.WebSocket, ConversationEndpoints.Caller(caller),
                    ConversationEndpoints.Mode(caller), UseSession: true, sessionId, incoming.UserId), context.RequestAborted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
            {
                // A failed turn is an event on the conversation, not the end of it.
                LogTurnFailed(loggers.CreateLogger(typeof(ChatWebSocket)), ex, caller.OrgId);
                await SendAsync(socket, new { type = "error", code = "internal_error", message = "Something went wrong while answering; please try again." });
                continue;
            }

            foreach (var piece in Pieces(reply.Answer))
            {
                await SendAsync(socket, new { type = "token", turn_id = reply.TurnId, text = piece });
            }

            await SendAsync(socket, new { type = "reply", reply });
        }

        return TypedResults.Empty;
    }

    private sealed record Incoming(string? Message, string? SessionId, string? UserId);

    private static Incoming? Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? Read(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return new Incoming(Read("message"), Read("session_id"), Read("user_id"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The answer in word-sized pieces, spaces kept, so a client can render it as it arrives.</summary>
    private static IEnumerable<string> Pieces(string answer)
    {
        var start = 0;
        for (var i = 1; i <= answer.Length; i++)
        {
            if (i == answer.Length || (answer[i] == ' ' && i - start >= 8))
            {
                yield return answer[start..i];
                start = i;
            }
        }
    }

    private static async Task<(string Text, bool TooBig, bool Closed)> ReceiveAsync(WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var count = 0;
        var tooBig = false;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(tooBig ? 0 : count), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return ("", false, true);
            }

            if (!tooBig)
            {
                count += result.Count;
                tooBig = count >= buffer.Length && !result.EndOfMessage;
            }

            if (result.EndOfMessage)
            {
                return (tooBig ? "" : Encoding.UTF8.GetString(buffer, 0, count), tooBig, false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A WebSocket turn failed for org {OrgId}")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string orgId);

    private static Task SendAsync(WebSocket socket, object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, ToolResult.Json), WebSocketMessageType.Text, true, CancellationToken.None);
}
