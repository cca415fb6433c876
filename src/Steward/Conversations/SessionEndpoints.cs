using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Conversations.Sessions;
using Steward.Security;

namespace Steward.Conversations;

/// <summary>One turn of a session's history as the API shows it.</summary>
public sealed record TurnView(
    string TurnId, DateTimeOffset At, string Channel, string UserText, string Answer, string Intent, double Confidence, bool Grounded,
    IReadOnlyList<string> Flags, JsonElement? BotContext)
{
    public static TurnView From(TurnRecord turn) => new(
        turn.TurnId, turn.At, turn.Channel, turn.UserText, turn.Answer, turn.Intent, turn.Confidence, turn.Grounded, turn.Flags,
        turn.BotContext.ValueKind == JsonValueKind.Undefined ? null : turn.BotContext);
}

/// <summary>A live session: its metadata, remaining time to live, slots and every turn of it.</summary>
public sealed record SessionView(
    string SessionId, string? UserId, string Channel, DateTimeOffset CreatedAt, DateTimeOffset LastActiveAt, DateTimeOffset ExpiresAt,
    long TtlSeconds, int TurnsInContext, IReadOnlyDictionary<string, string> Slots, IReadOnlyList<TurnView> History);

/// <summary>Conversation sessions of the caller's org, for viewers and up (the chat widget's key reads its own conversations).</summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v2/session/{id}", GetAsync).WithTags("sessions").RequireAuthorization(Policies.Viewer);
        return app;
    }

    /// <summary>The live session with this id in the caller's org; 404 when it is unknown, expired or another org's.</summary>
    public static async Task<Results<Ok<SessionView>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string id, HttpContext context, ISessionStore sessions, TimeProvider time)
    {
        if (!SessionIds.IsValid(id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["id"] = [$"1 to {SessionIds.MaxLength} characters of A-Z, a-z, 0-9, '_', '-', '.' and ':'."],
            });
        }

        var orgId = context.User.GetCaller().OrgId;
        var session = await sessions.FindAsync(orgId, id, context.RequestAborted);
        if (session is null)
        {
            return TypedResults.Problem("This org has no live session with that id.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var history = await sessions.HistoryAsync(orgId, id, context.RequestAborted);
        var ttl = (long)Math.Max(0, Math.Ceiling((session.ExpiresAt - time.GetUtcNow()).TotalSeconds));
        return TypedResults.Ok(new SessionView(
            session.Id, session.UserId, session.Channel, session.CreatedAt, session.LastActiveAt, session.ExpiresAt, ttl,
            session.Messages.Count(m => m.Role == MessageRole.User), session.Slots, [.. history.Select(TurnView.From)]));
    }
}
