using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Steward.Audit;
using Steward.Inquiries.Ingestion;
using Steward.Inquiries.Sending;
using Steward.Security;

namespace Steward.Inquiries;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record IngestInquiryBody(string? MarketCode, string? AccountId, string? MarketInquiryId, string? Text, string? ProductRef, string? OrderRef);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record InquiryTextBody(string? Text);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RejectInquiryBody(string? Reason);

/// <summary>What the approval did: the send's outcome (sent, failed, unknown) and the inquiry as it left it.</summary>
public sealed record ApproveResponse(string Outcome, Inquiry Inquiry);

/// <summary>
/// Ingestion (service callers and admins; idempotent on market, account and market id) and the review queue (agents and
/// admins): list, read, edit the draft, approve-and-send through <see cref="InquirySender"/>, reject. Every action is audited.
/// </summary>
public static class InquiryEndpoints
{
    public const int MaxTextLength = 10_000;
    public const int MaxIdLength = 200;

    public static IEndpointRouteBuilder MapInquiryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/inquiries").WithTags("inquiries");
        group.MapPost("", IngestAsync).RequireAuthorization(Policies.Service);
        group.MapGet("", ListAsync).RequireAuthorization(Policies.Agent);
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.Agent);
        group.MapPut("/{id}/draft", EditDraftAsync).RequireAuthorization(Policies.Agent);
        group.MapPost("/{id}/approve", ApproveAsync).RequireAuthorization(Policies.Agent);
        group.MapPost("/{id}/reject", RejectAsync).RequireAuthorization(Policies.Agent);
        app.MapPost("/api/runtime/inquiries/poll", PollAsync).WithTags("inquiries").RequireAuthorization(Policies.Service);
        return app;
    }

    /// <summary>Ingests the caller's org's unanswered board questions now (what the poll worker does every interval).</summary>
    public static async Task<Ok<BoardPollResult>> PollAsync(HttpContext context, BoardInquiryPoller poller, AuditLog audit)
    {
        var orgId = context.User.GetCaller().OrgId;
        var result = await poller.PollAsync(orgId, context.RequestAborted);
        await audit.WriteAsync(
            new AuditEntry(orgId, AuditActor.From(context), "inquiry.poll", "success", null,
                new Dictionary<string, string?> { ["seen"] = result.Seen.ToString(CultureInfo.InvariantCulture), ["ingested"] = result.Ingested.ToString(CultureInfo.InvariantCulture) }),
            context.RequestAborted);
        return TypedResults.Ok(result);
    }

    /// <summary>201 with a new inquiry (then drafted and gated by the registered processor), 200 with the one already stored.</summary>
    public static async Task<Results<Created<Inquiry>, Ok<Inquiry>, ValidationProblem>> IngestAsync(
        IngestInquiryBody body, HttpContext context, InquiryStore store, AuditLog audit)
    {
        var errors = new Dictionary<string, string[]>();
        Require(errors, "market_code", body.MarketCode, 50);
        Require(errors, "account_id", body.AccountId, MaxIdLength);
        Require(errors, "market_inquiry_id", body.MarketInquiryId, MaxIdLength);
        Require(errors, "text", body.Text, MaxTextLength);
        if (body.ProductRef is { Length: > MaxIdLength }) errors["product_ref"] = [$"At most {MaxIdLength} characters."];
        if (body.OrderRef is { Length: > MaxIdLength }) errors["order_ref"] = [$"At most {MaxIdLength} characters."];
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var orgId = context.User.GetCaller().OrgId;
        var (inquiry, created) = await store.IngestAsync(
            orgId, new NewInquiry(body.MarketCode!.Trim().ToUpperInvariant(), body.AccountId!.Trim(), body.MarketInquiryId!.Trim(), body.Text!, body.ProductRef, body.OrderRef),
            context.RequestAborted);
        if (!created)
        {
            return TypedResults.Ok(inquiry);
        }

        await audit.WriteAsync(new AuditEntry(orgId, AuditActor.From(context), "inquiry.ingest", "success", inquiry.Id), context.RequestAborted);
        if (context.RequestServices.GetService<IInquiryProcessor>() is { } processor)
        {
            inquiry = await processor.ProcessAsync(inquiry, context.RequestAborted);
        }

        return TypedResults.Created($"/api/inquiries/{inquiry.Id}", inquiry);
    }

    /// <summary>
    /// The review queue: newest first, optionally one status (e.g. AI_DRAFTED) and one gate reason (<c>block_code</c>, e.g.
    /// guardian_account_locked), with each inquiry's block_code, block_reason and gate logs.
    /// </summary>
    public static async Task<Ok<Inquiry[]>> ListAsync(
        HttpContext context, InquiryStore store, string? status = null, [FromQuery(Name = "block_code")] string? blockCode = null, int? limit = null,
        int? offset = null) =>
        TypedResults.Ok((await store.ListAsync(context.User.GetCaller().OrgId, status, blockCode, limit ?? 50, offset ?? 0, context.RequestAborted)).ToArray());

    public static async Task<Results<Ok<Inquiry>, NotFound<ProblemDetails>>> GetAsync(string id, HttpContext context, InquiryStore store) =>
        await store.GetAsync(context.User.GetCaller().OrgId, id, context.RequestAborted) is { } inquiry ? TypedResults.Ok(inquiry) : NotFound();

    public static async Task<Results<Ok<Inquiry>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> EditDraftAsync(
        string id, InquiryTextBody body, HttpContext context, InquiryStore store, AuditLog audit)
    {
        if (TextProblem(body.Text, required: true) is { } problem)
        {
            return problem;
        }

        var orgId = context.User.GetCaller().OrgId;
        var updated = await store.UpdateDraftAsync(orgId, id, body.Text!, context.RequestAborted);
        await Audit(audit, context, orgId, "inquiry.draft", updated is null ? "denied" : "success", id);
        return updated is not null ? TypedResults.Ok(updated) : await MissingOrSentAsync(store, orgId, id, context);
    }

    /// <summary>
    /// Sets the text to send (the body's, else the draft) and sends it on the sender's one path: the same claim as the
    /// worker's, so an inquiry is never sent twice. 409 when it is sent, being sent or rejected.
    /// </summary>
    public static async Task<Results<Ok<ApproveResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> ApproveAsync(
        string id, InquiryTextBody? body, HttpContext context, InquiryStore store, InquirySender sender, AuditLog audit)
    {
        if (body?.Text is not null && TextProblem(body.Text, required: true) is { } problem)
        {
            return problem;
        }

        var orgId = context.User.GetCaller().OrgId;
        if (await store.GetAsync(orgId, id, context.RequestAborted) is not { } inquiry)
        {
            return NotFound();
        }

        if ((body?.Text ?? inquiry.FinalText ?? inquiry.Draft) is not { Length: > 0 } text)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = ["The inquiry has no draft: give the text to send."] });
        }

        if (inquiry.Status == InquiryStatus.Rejected || await store.SetFinalTextAsync(orgId, id, text, context.RequestAborted) is null)
        {
            await Audit(audit, context, orgId, "inquiry.approve", "denied", id);
            return Conflict(inquiry.Status == InquiryStatus.Rejected ? "The inquiry was rejected." : "The reply is already sent or being sent.");
        }

        var result = await sender.SendAsync(orgId, id, context.RequestAborted);
        await Audit(audit, context, orgId, "inquiry.approve", result.Outcome == InquirySendOutcomes.NotClaimed ? "denied" : result.Outcome, id);
        return result is { Outcome: not InquirySendOutcomes.NotClaimed, Inquiry: { } sent }
            ? TypedResults.Ok(new ApproveResponse(result.Outcome, sent))
            : Conflict("The reply is already sent or being sent.");
    }

    public static async Task<Results<Ok<Inquiry>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> RejectAsync(
        string id, RejectInquiryBody body, HttpContext context, InquiryStore store, AuditLog audit)
    {
        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 500)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["Required, at most 500 characters."] });
        }

        var orgId = context.User.GetCaller().OrgId;
        var rejected = await store.RejectAsync(orgId, id, body.Reason.Trim(), context.RequestAborted);
        await Audit(audit, context, orgId, "inquiry.reject", rejected is null ? "denied" : "success", id);
        return rejected is not null ? TypedResults.Ok(rejected) : await MissingOrSentAsync(store, orgId, id, context);
    }

    private static void Require(Dictionary<string, string[]> errors, string name, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
        {
            errors[name] = [$"Required, at most {maxLength} characters."];
        }
    }

    private static ValidationProblem? TextProblem(string? text, bool required) =>
        (required && string.IsNullOrWhiteSpace(text)) || text is { Length: > MaxTextLength }
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [$"Required, at most {MaxTextLength} characters."] })
            : null;

    private static async Task<Results<Ok<Inquiry>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> MissingOrSentAsync(
        InquiryStore store, string orgId, string id, HttpContext context) =>
        await store.GetAsync(orgId, id, context.RequestAborted) is null ? NotFound() : Conflict("The reply is already sent or being sent.");

    private static Task Audit(AuditLog audit, HttpContext context, string orgId, string action, string outcome, string id) =>
        audit.WriteAsync(new AuditEntry(orgId, AuditActor.From(context), action, outcome, id), context.RequestAborted);

    private static NotFound<ProblemDetails> NotFound() =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not found", Detail = "This org has no inquiry with that id." });

    private static Conflict<ProblemDetails> Conflict(string detail) =>
        TypedResults.Conflict(new ProblemDetails { Status = 409, Title = "Conflict", Detail = detail });
}
