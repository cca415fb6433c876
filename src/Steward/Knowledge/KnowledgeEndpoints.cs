using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Audit;
using Steward.Security;

namespace Steward.Knowledge;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ImportDocumentRequest(string? Source, string? Content, DocumentFormat? Format);

/// <summary>The caller's org's knowledge base: list, import, delete documents (admins), search (viewers).</summary>
public static class KnowledgeEndpoints
{
    public const int MaxDocumentChars = 1_000_000;
    public const int MaxQueryChars = 500;

    public static IEndpointRouteBuilder MapKnowledgeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/kb").WithTags("knowledge");
        group.MapGet("/documents", ListAsync).RequireAuthorization(Policies.Viewer);
        group.MapPost("/documents", ImportAsync).RequireAuthorization(Policies.Admin);
        group.MapDelete("/documents/{id}", DeleteAsync).RequireAuthorization(Policies.Admin);
        group.MapGet("/search", SearchAsync).RequireAuthorization(Policies.Viewer);
        return app;
    }

    public static async Task<Ok<KbDocument[]>> ListAsync(HttpContext context, KnowledgeStore store) =>
        TypedResults.Ok((await store.ListAsync(context.User.GetCaller().OrgId, context.RequestAborted)).ToArray());

    public static async Task<Results<Ok<KbImportResult>, ValidationProblem>> ImportAsync(
        ImportDocumentRequest request, HttpContext context, KnowledgeStore store)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Source) || request.Source.Length > 300) errors["source"] = ["Required, at most 300 characters (a file name or a label)."];
        if (string.IsNullOrWhiteSpace(request.Content) || request.Content.Length > MaxDocumentChars) errors["content"] = [$"Required, at most {MaxDocumentChars:N0} characters."];
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var caller = context.User.GetCaller();
        try
        {
            var result = await store.ImportAsync(caller.OrgId, request.Source!.Trim(), request.Content!, request.Format,
                AuditActor.From(context), context.RequestAborted);
            return TypedResults.Ok(result);
        }
        catch (InvalidDataException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["content"] = [ex.Message] });
        }
    }

    public static async Task<Results<NoContent, NotFound<ProblemDetails>>> DeleteAsync(string id, HttpContext context, KnowledgeStore store)
    {
        var caller = context.User.GetCaller();
        return await store.DeleteAsync(caller.OrgId, id, AuditActor.From(context), context.RequestAborted)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not found", Detail = "This org has no document with that id." });
    }

    public static async Task<Results<Ok<KbHit[]>, ValidationProblem>> SearchAsync(HttpContext context, KnowledgeBase knowledge, string? q = null, int? top = null)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Length > MaxQueryChars)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = [$"Required, at most {MaxQueryChars} characters."] });
        }

        var hits = await knowledge.SearchAsync(context.User.GetCaller().OrgId, q, top ?? 5, context.RequestAborted);
        return TypedResults.Ok(hits.ToArray());
    }
}
