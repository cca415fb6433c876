using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Steward.Security;
using Steward.Security.RateLimiting;
using Steward.Tools;

namespace Steward.Conversations;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AskRequest(string? Question);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ChatRequest(string? Message, string? SessionId, string? UserId);

/// <summary>
/// The question channels: <c>POST /api/ask</c> (one question, nothing remembered; the <c>ask</c> rate limit) and
/// <c>POST /api/v2/chat</c> (a conversation kept in a session).
/// </summary>
public static class ConversationEndpoints
{
    public const int MaxIdLength = 100;

    public static IEndpointRouteBuilder MapConversationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ask", AskAsync).WithTags("conversations").RequireAuthorization(Policies.Viewer).RequireRateLimiting(RateLimitPolicies.Ask);
        app.MapPost("/api/v2/chat", ChatAsync).WithTags("conversations").RequireAuthorization(Policies.Viewer);
        return app;
    }

    public static async Task<Results<Ok<TurnReply>, ValidationProblem>> AskAsync(
        AskRequest request, HttpContext context, TurnGate gate, IOptions<ConversationOptions> options)
    {
        if (Invalid("question", request.Question, options.Value.MaxMessageLength) is { } problem)
        {
            return problem;
        }

        var caller = context.User.GetCaller();
        return TypedResults.Ok(await gate.RunAsync(
            new TurnRequest(caller.OrgId, request.Question!, Channels.Ask, Caller(caller), Mode(caller), UseSession: false), context.RequestAborted));
    }

    public static async Task<Results<Ok<TurnReply>, ValidationProblem>> ChatAsync(
        ChatRequest request, HttpContext context, TurnGate gate, IOptions<ConversationOptions> options)
    {
        if (Invalid("message", request.Message, options.Value.MaxMessageLength) is { } problem)
        {
            return problem;
        }

        if (!ValidId(request.SessionId) || !ValidId(request.UserId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [ValidId(request.SessionId) ? "user_id" : "session_id"] = [$"At most {MaxIdLength} characters of letters, digits and - _ . :"],
            });
        }

        var caller = context.User.GetCaller();
        return TypedResults.Ok(await gate.RunAsync(new TurnRequest(caller.OrgId, request.Message!, Channels.Chat, Caller(caller), Mode(caller),
            UseSession: true, request.SessionId, request.UserId), context.RequestAborted));
    }

    public static ValidationProblem? Invalid(string field, string? text, int maxLength) =>
        string.IsNullOrWhiteSpace(text) || text.Length > maxLength
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"Required, at most {maxLength} characters."] })
            : null;

    public static bool ValidId(string? id) =>
        id is null || (id.Length is > 0 and <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'));

    /// <summary>The turn's tools run as the caller: a person's turn is interactive, an API key's (a chat widget) automatic.</summary>
    public static ToolCaller Caller(Caller caller) => new(caller.ActorType, caller.ActorId);

    public static ToolCallMode Mode(Caller caller) => caller.ActorType == "user" ? ToolCallMode.Interactive : ToolCallMode.Automatic;
}
