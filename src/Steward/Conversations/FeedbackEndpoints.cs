using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Conversations.Feedback;
using Steward.Security;

namespace Steward.Conversations;

/// <param name="Rating"><c>1</c> or <c>"up"</c> (helpful), <c>-1</c> or <c>"down"</c> (not helpful).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FeedbackRequest(string? TurnId, JsonElement? Rating, string? Comment);

public sealed record FeedbackCreated(string Id);

/// <summary>
/// Feedback on answers: any caller of the org from viewer up rates a turn (the chat widget posts its customers'
/// thumbs); admins review the ratings with the turns they rate.
/// </summary>
public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/feedback").WithTags("feedback");
        group.MapPost("", SubmitAsync).RequireAuthorization(Policies.Viewer);
        group.MapGet("/detailed", DetailedAsync).RequireAuthorization(Policies.Admin);
        return app;
    }

    /// <summary>201 with the new feedback's id; 200 with the same id when the caller had rated the turn before (replaced).</summary>
    public static async Task<Results<Created<FeedbackCreated>, Ok<FeedbackCreated>, ProblemHttpResult, ValidationProblem>> SubmitAsync(
        FeedbackRequest request, HttpContext context, FeedbackStore feedback)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.TurnId))
        {
            errors["turn_id"] = ["Required: the id of the answered turn."];
        }

        var rating = request.Rating is { } value ? FeedbackRatings.Parse(value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.ValueKind == JsonValueKind.String ? value.GetString() : null) : null;
        if (rating is null)
        {
            errors["rating"] = ["Required: 1 or \"up\" (helpful), -1 or \"down\" (not helpful)."];
        }

        if (request.Comment is { Length: > FeedbackStore.MaxCommentLength })
        {
            errors["comment"] = [$"At most {FeedbackStore.MaxCommentLength} characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var caller = context.User.GetCaller();
        var saved = await feedback.SaveAsync(
            caller.OrgId, request.TurnId!.Trim(), rating!.Value, request.Comment, $"{caller.ActorType}:{caller.ActorId}", context.RequestAborted);
        if (saved is null)
        {
            return TypedResults.Problem("This org has no turn with that id.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var body = new FeedbackCreated(saved.Id);
        return saved.Created ? TypedResults.Created((string?)null, body) : TypedResults.Ok(body);
    }

    /// <summary>Newest first, each with its turn (question, answer, intent, bot_context): what an admin needs to review bad answers.</summary>
    public static async Task<Results<Ok<FeedbackEntry[]>, ValidationProblem>> DetailedAsync(
        HttpContext context, FeedbackStore feedback, string? rating = null, DateTimeOffset? from = null, DateTimeOffset? to = null,
        int? limit = null, int? offset = null)
    {
        var ratingValue = FeedbackRatings.Parse(rating);
        if (rating is not null && ratingValue is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["rating"] = ["1 or \"up\", -1 or \"down\"."] });
        }

        var entries = await feedback.ListAsync(context.User.GetCaller().OrgId,
            new FeedbackQuery(ratingValue, from, to, limit ?? 100, offset ?? 0), context.RequestAborted);
        return TypedResults.Ok(entries.ToArray());
    }
}
