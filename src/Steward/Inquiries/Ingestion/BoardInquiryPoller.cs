using Dapper;
using Steward.Commerce;
using Steward.Inquiries.Sending;
using Steward.Storage;

namespace Steward.Inquiries.Ingestion;

/// <summary>What one poll did: unanswered questions seen, and how many of them were new inquiries.</summary>
public sealed record BoardPollResult(int Seen, int Ingested)
{
    public BoardPollResult Add(BoardPollResult other) => new(Seen + other.Seen, Ingested + other.Ingested);
}

/// <summary>
/// Turns an org's unanswered board questions into inquiries: each board of the org's shop (the sandbox shop for the
/// demo), up to <see cref="MaxQuestionsPerBoard"/> newest unanswered questions, ingested with market id
/// <c>"{board_no}:{article_no}"</c> (idempotent, so a question is one inquiry however often it is polled), market code and
/// account from the shop's name (<c>"sandbox"</c> → SANDBOX / sandbox). A new inquiry goes to the inquiry processor
/// when one is registered.
/// </summary>
public sealed partial class BoardInquiryPoller(
    Database database, ICommerceBackendResolver shops, InquiryStore store, IServiceProvider services, ILogger<BoardInquiryPoller> logger)
{
    public const int MaxQuestionsPerBoard = 100;

    public async Task<BoardPollResult> PollAsync(string orgId, CancellationToken cancellationToken)
    {
        var shop = await shops.ForOrgAsync(orgId, cancellationToken);
        var account = shop.Name;
        var market = account.Split(':')[0].ToUpperInvariant();
        var processor = services.GetService<IInquiryProcessor>();
        var result = new BoardPollResult(0, 0);
        foreach (var board in await shop.ListBoardsAsync(cancellationToken))
        {
            var questions = await shop.ListBoardArticlesAsync(board.BoardNo, new ArticleQuery(Answered: false, Limit: MaxQuestionsPerBoard), cancellationToken);
            foreach (var question in questions ?? [])
            {
                var id = new BoardArticleRef(question.BoardNo, question.ArticleNo).ToString();
                var (inquiry, created) = await store.IngestAsync(orgId, new NewInquiry(market, account, id, question.Content), cancellationToken);
                result = result.Add(new BoardPollResult(1, created ? 1 : 0));
                if (created && processor is not null)
                {
                    await processor.ProcessAsync(inquiry, cancellationToken);
                }
            }
        }

        if (result.Ingested > 0)
        {
            LogPolled(logger, orgId, result.Seen, result.Ingested);
        }

        return result;
    }

    /// <summary>Every org with a sandbox shop. One org's failure does not hold up the others; failures are thrown together at the end.</summary>
    public async Task<BoardPollResult> PollAllAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> orgs;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            orgs = (await connection.QueryAsync<string>("SELECT DISTINCT org_id FROM sandbox_boards ORDER BY org_id")).ToList();
        }

        var total = new BoardPollResult(0, 0);
        var failures = new List<Exception>();
        foreach (var orgId in orgs)
        {
            try
            {
                total = total.Add(await PollAsync(orgId, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogOrgFailed(logger, ex, orgId);
                failures.Add(ex);
            }
        }

        return failures.Count == 0 ? total : throw new AggregateException($"Polling boards failed for {failures.Count} org(s).", failures);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Boards of org {OrgId} polled: {Seen} unanswered questions, {Ingested} new inquiries")]
    private static partial void LogPolled(ILogger logger, string orgId, int seen, int ingested);

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling the boards of org {OrgId} failed")]
    private static partial void LogOrgFailed(ILogger logger, Exception exception, string orgId);
}
