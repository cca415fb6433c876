using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Audit;
using Steward.Inquiries.Sending;
using Steward.Security;

namespace Steward.Inquiries.Accounts;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MarketAccountBody(
    string? MarketCode, string? AccountId, string? BaseUrl, string? AccessToken, List<long>? Boards, string? MemberId, bool? Poll);

/// <summary>
/// The org's connected market accounts, for admins: Cafe24 malls (base URL, access token, the boards holding customers'
/// questions). The token is write-only: stored sealed, never returned; to change it, delete the account and add it again.
/// </summary>
public static class MarketAccountEndpoints
{
    public const int MaxBoards = 20;
    public const int MaxIdLength = 200;
    public const int MaxTokenLength = 4096;

    public static IEndpointRouteBuilder MapMarketAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/market-accounts").WithTags("inquiries").RequireAuthorization(Policies.Admin);
        group.MapGet("", ListAsync);
        group.MapPost("", AddAsync);
        group.MapDelete("/{marketCode}/{accountId}", DeleteAsync);
        return app;
    }

    public static async Task<Ok<MarketAccount[]>> ListAsync(HttpContext context, MarketAccountStore accounts) =>
        TypedResults.Ok((await accounts.ListAsync(context.User.GetCaller().OrgId, context.RequestAborted)).ToArray());

    public static async Task<Results<Created<MarketAccount>, ValidationProblem, Conflict<ProblemDetails>>> AddAsync(
        MarketAccountBody body, HttpContext context, MarketAccountStore accounts)
    {
        if (Validate(body, out var url) is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var market = body.MarketCode!.ToUpperInvariant();
        var added = await accounts.AddAsync(context.User.GetCaller().OrgId, market, body.AccountId!, url!, body.AccessToken!, body.Boards ?? [],
            body.MemberId, body.Poll ?? true, AuditActor.From(context), context.RequestAborted);
        return added is null
            ? TypedResults.Conflict(new ProblemDetails
            {
                Status = 409, Title = "Already connected", Detail = $"This org already has {market} account '{body.AccountId}'; delete it first to change it.",
            })
            : TypedResults.Created($"/api/market-accounts/{added.MarketCode}/{added.AccountId}", added);
    }

    public static async Task<Results<NoContent, NotFound<ProblemDetails>>> DeleteAsync(
        string marketCode, string accountId, HttpContext context, MarketAccountStore accounts) =>
        await accounts.DeleteAsync(context.User.GetCaller().OrgId, marketCode.ToUpperInvariant(), accountId, AuditActor.From(context), context.RequestAborted)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not found", Detail = $"This org has no {marketCode} account '{accountId}'." });

    private static Dictionary<string, string[]> Validate(MarketAccountBody body, out Uri? url)
    {
        var problems = new Dictionary<string, string[]>();
        if (!string.Equals(body.MarketCode, MarketCodes.Cafe24, StringComparison.OrdinalIgnoreCase))
        {
            problems["market_code"] = ["CAFE24: the market accounts can be connected on so far."];
        }

        if (string.IsNullOrWhiteSpace(body.AccountId) || body.AccountId.Length > MaxIdLength || body.AccountId.Contains('/'))
        {
            problems["account_id"] = [$"The seller account's id, 1–{MaxIdLength} characters without '/'."];
        }

        url = Uri.TryCreate(body.BaseUrl, UriKind.Absolute, out var parsed) && parsed.Scheme is "https" or "http" && parsed.Query.Length == 0 ? parsed : null;
        if (url is null)
        {
            problems["base_url"] = ["The mall's API root, an absolute http(s) URL such as https://{mall_id}.cafe24api.com."];
        }

        if (string.IsNullOrEmpty(body.AccessToken) || body.AccessToken.Length > MaxTokenLength)
        {
            problems["access_token"] = [$"The access token, 1–{MaxTokenLength} characters."];
        }

        if (body.Boards is { } boards && (boards.Count > MaxBoards || boards.Any(b => b <= 0) || boards.Distinct().Count() != boards.Count))
        {
            problems["boards"] = [$"Up to {MaxBoards} distinct board numbers (the Q&A and 1:1 boards)."];
        }
        else if ((body.Poll ?? true) && body.Boards is not { Count: > 0 })
        {
            problems["boards"] = ["A polled account needs the boards to poll."];
        }

        if (body.MemberId is { Length: > MaxIdLength })
        {
            problems["member_id"] = [$"At most {MaxIdLength} characters."];
        }

        return problems;
    }
}
