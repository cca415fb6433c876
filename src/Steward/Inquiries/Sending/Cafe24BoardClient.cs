using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Steward.Inquiries.Accounts;

namespace Steward.Inquiries.Sending;

/// <summary>A customer's question on a board, as the poller ingests it.</summary>
public sealed record BoardQuestion(long BoardNo, long ArticleNo, string Content);

/// <summary>
/// Cafe24's board API for one connected mall (<c>mall.read_community</c>, <c>mall.write_community</c>): unanswered questions
/// are <c>GET /api/v2/admin/boards/{board_no}/articles?reply_status=N</c>; a reply is <c>POST …/articles</c> with
/// <c>reply_article_no</c> set to the question; whether one exists is read from the question's <c>reply_status</c>
/// (<c>GET …/articles?article_no=</c>: C answered, N not). Cafe24 creates a second public reply if a post is repeated, so
/// only a definite answer counts: a 2xx is sent, a 4xx is refused (429 retryable), and a 5xx, a timeout or a broken
/// connection is an unknown outcome left to reconciliation.
/// </summary>
public sealed class Cafe24BoardClient(HttpClient http, Cafe24Options options, MarketAccount account, string accessToken) : IMarketReplyClient
{
    public const string HttpClientName = "cafe24-boards";

    /// <summary>Questions fetched per board and poll (Cafe24's page limit).</summary>
    public const int MaxQuestionsPerBoard = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<MarketSendResult> SendReplyAsync(Inquiry inquiry, string text, CancellationToken cancellationToken)
    {
        if (BoardArticleRef.Parse(inquiry.MarketInquiryId) is not { } question)
        {
            return MarketSendResult.Refused("market_inquiry_id is not board_no:article_no");
        }

        var body = new ReplyBody(1, [new ReplyRequest(options.Writer, options.Title, text, options.ClientIp, question.ArticleNo, account.MemberId, "C")]);
        using var request = new HttpRequestMessage(HttpMethod.Post, Url($"boards/{question.BoardNo}/articles"))
        {
            Content = JsonContent.Create(body, options: Json),
        };
        try
        {
            using var response = await SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => MarketSendResult.Ok,
                429 => MarketSendResult.Refused("cafe24 429: rate limited", retryable: true),
                >= 400 and < 500 => MarketSendResult.Refused($"cafe24 {status}: {await ErrorCodeAsync(response, cancellationToken)}"),
                _ => MarketSendResult.Unknown($"cafe24 {status}: the reply may have been created"),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return MarketSendResult.Unknown(ex is TaskCanceledException ? "cafe24 timed out: the reply may have been created" : "cafe24 connection failed mid-request");
        }
    }

    public async Task<bool?> ReplyExistsAsync(Inquiry inquiry, CancellationToken cancellationToken)
    {
        if (BoardArticleRef.Parse(inquiry.MarketInquiryId) is not { } question)
        {
            return false;
        }

        using var request = new HttpRequestMessage(
            HttpMethod.Get, Url(string.Create(CultureInfo.InvariantCulture, $"boards/{question.BoardNo}/articles?article_no={question.ArticleNo}&limit=1")));
        try
        {
            using var response = await SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK
                || await response.Content.ReadFromJsonAsync<ArticlesBody>(Json, cancellationToken) is not { Articles: { } articles })
            {
                return null;
            }

            return articles.FirstOrDefault(article => article.ArticleNo == question.ArticleNo)?.ReplyStatus switch
            {
                "C" => true,
                "N" => false,
                _ => null,
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The board's unanswered questions (replies themselves left out), at most <see cref="MaxQuestionsPerBoard"/>; throws when Cafe24 fails.</summary>
    public async Task<IReadOnlyList<BoardQuestion>> UnansweredQuestionsAsync(long boardNo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Get, Url(string.Create(CultureInfo.InvariantCulture, $"boards/{boardNo}/articles?reply_status=N&limit={MaxQuestionsPerBoard}")));
        using var response = await SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"cafe24 {(int)response.StatusCode} listing board {boardNo}: {await ErrorCodeAsync(response, cancellationToken)}");
        }

        var body = await response.Content.ReadFromJsonAsync<ArticlesBody>(Json, cancellationToken);
        return [.. (body?.Articles ?? []).Where(a => a.ReplyDepth is null or 0 && a.Content is { Length: > 0 })
            .Select(a => new BoardQuestion(boardNo, a.ArticleNo, a.Content!))];
    }

    private Uri Url(string path) => new($"{account.BaseUrl.ToString().TrimEnd('/')}/api/v2/admin/{path}");

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http.SendAsync(request, cancellationToken);
    }

    /// <summary>Cafe24's error code only: the message may quote what was posted.</summary>
    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var error = await response.Content.ReadFromJsonAsync<ErrorBody>(Json, cancellationToken);
            return error?.Error?.Code?.ToString() ?? "refused";
        }
        catch (JsonException)
        {
            return "refused";
        }
    }

    private sealed record ReplyBody(int ShopNo, IReadOnlyList<ReplyRequest> Requests);

    private sealed record ReplyRequest(string Writer, string Title, string Content, string ClientIp, long ReplyArticleNo, string? MemberId, string ReplyStatus);

    private sealed record ArticlesBody(IReadOnlyList<ArticleBody>? Articles);

    private sealed record ArticleBody(long ArticleNo, string? ReplyStatus, int? ReplyDepth, string? Content);

    private sealed record ErrorBody(ErrorDetail? Error);

    private sealed record ErrorDetail(JsonElement? Code);
}
