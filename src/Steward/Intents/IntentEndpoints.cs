using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Commerce;
using Steward.Security;

namespace Steward.Intents;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ClassifyRequest(string? Text);

public sealed record ClassifyResponse(string Intent, double Confidence, IReadOnlyList<IntentScore> Top, IReadOnlyList<Entity> Entities);

/// <summary>What Steward understands of one message: its intent with confidence, and the entities in it.</summary>
public static class IntentEndpoints
{
    public const int MaxTextLength = 500;

    public static IEndpointRouteBuilder MapIntentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/intents/classify", ClassifyAsync).WithTags("intents").RequireAuthorization(Policies.Viewer);
        return app;
    }

    public static async Task<Results<Ok<ClassifyResponse>, ValidationProblem>> ClassifyAsync(
        ClassifyRequest request, HttpContext context, IntentClassifier classifier, EntityExtractor entities, OrgStore orgs, ProductCatalogue catalogue, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > MaxTextLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [$"Required, at most {MaxTextLength} characters."] });
        }

        var orgId = context.User.GetCaller().OrgId;
        var zone = await orgs.TimeZoneAsync(orgId, context.RequestAborted);
        var prediction = classifier.Classify(request.Text);
        var extracted = entities.Extract(request.Text, new ExtractionContext(time.GetUtcNow(), zone, await catalogue.NamesAsync(orgId, context.RequestAborted)));
        return TypedResults.Ok(new ClassifyResponse(prediction.Intent, prediction.Confidence, prediction.Top, extracted));
    }
}
