using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Steward.Tests.Inquiries;

/// <summary>How the fake market answers a reply.</summary>
public enum FakeMarketMode
{
    /// <summary>Stores the reply and answers 201.</summary>
    Accept,

    /// <summary>Stores the reply, then holds the answer for <see cref="FakeMarket.Hang"/>: the caller times out after the market accepted.</summary>
    AcceptThenHang,

    /// <summary>Stores the reply, then answers 503: the caller cannot tell that the market accepted.</summary>
    AcceptThenFail,

    /// <summary>Stores nothing and answers 422, as Cafe24 does for a bad parameter.</summary>
    Refuse,
}

/// <summary>
/// A marketplace on a real Kestrel socket at 127.0.0.1 speaking Cafe24's board reply shape: POST
/// <c>/api/v2/admin/boards/{board}/articles</c> with <c>{"shop_no":1,"requests":[{..,"reply_article_no":N}]}</c>, and GET
/// <c>…/articles?article_no=N</c> answering the question's <c>reply_status</c>, or <c>…/articles?reply_status=N</c> listing the
/// unanswered questions of <see cref="Questions"/>. Like Cafe24 it stores every reply it accepts, so a duplicate shows
/// up as a count of 2 in <see cref="Replies"/> (keyed <c>"{board}:{article}"</c>). Every call needs the bearer <see cref="Token"/>.
/// </summary>
public sealed class FakeMarket : IAsyncDisposable
{
    public const string Token = "fake-market-token";

    private readonly WebApplication _app;

    private FakeMarket(WebApplication app) => _app = app;

    public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public ConcurrentDictionary<string, int> Replies { get; } = new();

    public FakeMarketMode Mode { get; set; } = FakeMarketMode.Accept;

    public TimeSpan Hang { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Customers' questions by <c>"{board}:{article}"</c>: their content.</summary>
    public ConcurrentDictionary<string, string> Questions { get; } = new();

    public int Count(string marketInquiryId) => Replies.GetValueOrDefault(marketInquiryId);

    public static async Task<FakeMarket> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var market = new FakeMarket(app);
        app.MapPost("/api/v2/admin/boards/{board:long}/articles", market.ReplyAsync);
        app.MapGet("/api/v2/admin/boards/{board:long}/articles", market.Articles);
        await app.StartAsync();
        return market;
    }

    private async Task<IResult> ReplyAsync(long board, HttpContext context)
    {
        if (context.Request.Headers.Authorization != $"Bearer {Token}")
        {
            return Results.Json(new { error = new { code = 401, message = "invalid token" } }, statusCode: 401);
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var request = body.RootElement.GetProperty("requests")[0];
        var article = request.GetProperty("reply_article_no").GetInt64();
        foreach (var required in new[] { "writer", "title", "content", "client_ip" })
        {
            if (!request.TryGetProperty(required, out var value) || value.GetString() is not { Length: > 0 })
            {
                return Results.Json(new { error = new { code = 422, message = $"{required} is required" } }, statusCode: 422);
            }
        }

        if (Mode == FakeMarketMode.Refuse)
        {
            return Results.Json(new { error = new { code = 422, message = "refused" } }, statusCode: 422);
        }

        var count = Replies.AddOrUpdate($"{board}:{article}", 1, (_, n) => n + 1);
        if (Mode == FakeMarketMode.AcceptThenHang)
        {
            await Task.Delay(Hang, context.RequestAborted);
        }

        if (Mode == FakeMarketMode.AcceptThenFail)
        {
            return Results.Json(new { error = new { code = 503, message = "service unavailable" } }, statusCode: 503);
        }

        return Results.Json(
            new { articles = new[] { new { article_no = 100_000 + count, parent_article_no = article, board_no = board, reply_depth = 1 } } }, statusCode: 201);
    }

    private IResult Articles(
        long board, HttpContext context, [FromQuery(Name = "article_no")] long? articleNo, [FromQuery(Name = "reply_status")] string? replyStatus)
    {
        if (context.Request.Headers.Authorization != $"Bearer {Token}")
        {
            return Results.Json(new { error = new { code = 401, message = "invalid token" } }, statusCode: 401);
        }

        var articles = articleNo is { } one
            ? [(Id: $"{board}:{one}", No: one, Content: Questions.GetValueOrDefault($"{board}:{one}", "?"))]
            : Questions.Where(q => q.Key.StartsWith($"{board}:", StringComparison.Ordinal))
                .Select(q => (Id: q.Key, No: long.Parse(q.Key.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), Content: q.Value)).ToList();
        return Results.Json(new
        {
            articles = articles.Select(a => new { article_no = a.No, board_no = board, reply_depth = 0, content = a.Content, reply_status = Count(a.Id) > 0 ? "C" : "N" })
                .Where(a => replyStatus is null || a.reply_status == replyStatus),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
