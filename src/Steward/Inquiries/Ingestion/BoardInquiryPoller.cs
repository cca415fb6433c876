using Dapper;
using Steward.Commerce;
using Steward.Inquiries.Accounts;
using Steward.Inquiries.Sending;
using Steward.Storage;

namespace Steward.Inquiries.Ingestion;

/// <summary>What one poll did: unanswered questions seen, how many of them were new inquiries, and the connected accounts whose boards could not be read.</summary>
public sealed record BoardPollResult(int Seen, int Ingested, IReadOnlyList<string> FailedAccounts)
{
    public static readonly BoardPollResult None = new(0, 0, []);

    public BoardPollResult Add(BoardPollResult other) => new(Seen + other.Seen, Ingested + other.Ingested, [.. FailedAccounts, .. other.FailedAccounts]);
}

/// <summary>
/// Turns unanswered board questions into inquiries, from each org's sandbox shop (market SANDBOX, account sandbox) and
/// from every connected market account that is polled (its configured boards): up to <see cref="MaxQuestionsPerBoard"/>
/// newest unanswered questions per board, ingested with market id <c>"{board_no}:{article_no}"</c> (idempotent, so a
/// question is one inquiry however often it is polled). A new inquiry goes to the inquiry processor when one is registered.
/// </summary>
public sealed partial class BoardInquiryPoller(
    Database database, ICommerceBackendResolver shops, InquiryStore store, MarketAccountStore accounts, Cafe24Clients cafe24,
    IServiceProvider services, ILogger<BoardInquiryPoller> logger)
{
    public const int MaxQuestionsPerBoard = 100;

    /// <summary>
    /// The org's sandbox shop and its polled connected accounts. An account whose boards cannot be read (its market is
    /// down, its token expired) is logged and named in <see cref="BoardPollResult.FailedAccounts"/>; the others go on.
    /// </summary>
    public async Task<BoardPollResult> PollAsync(string orgId, CancellationToken cancellationToken)
    {
        var result = await PollShopAsync(orgId, cancellationToken);
        foreach (var (account, token) in await accounts.PolledAsync(orgId, cancellationToken))
        {
            if (token is null)
            {
                LogTokenUnreadable(logger, account.OrgId, account.MarketCode, account.AccountId);
                result = result.Add(Failed(account));
                continue;
            }

            try
            {
                result = result.Add(await PollAccountAsync(account, token, cancellationToken));
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                LogAccountFailed(logger, ex, account.OrgId, account.MarketCode, account.AccountId);
                result = result.Add(Failed(account));
            }
        }

        return result;
    }

    private static BoardPollResult Failed(MarketAccount account) => new(0, 0, [$"{account.MarketCode}:{account.AccountId}"]);

    private async Task<BoardPollResult> PollShopAsync(string orgId, CancellationToken cancellationToken)
    {
        var shop = await shops.ForOrgAsync(orgId, cancellationToken);
        var questions = new List<BoardQuestion>();
        foreach (var board in await shop.ListBoardsAsync(cancellationToken))
        {
            var open = await shop.ListBoardArticlesAsync(board.BoardNo, new ArticleQuery(Answered: false, Limit: MaxQuestionsPerBoard), cancellationToken);
            questions.AddRange((open ?? []).Select(q => new BoardQuestion(q.BoardNo, q.ArticleNo, q.Content)));
        }

        var account = shop.Name;
        return await IngestAsync(orgId, account.Split(':')[0].ToUpperInvariant(), account, questions, cancellationToken);
    }

    /// <summary>One connected account's boards, through its market's API (Cafe24, the one market accounts can be connected on).</summary>
    private async Task<BoardPollResult> PollAccountAsync(MarketAccount account, string token, CancellationToken cancellationToken)
    {
        var client = cafe24.For(account, token);
        var questions = new List<BoardQuestion>();
        foreach (var board in account.Boards)
        {
            questions.AddRange(await client.UnansweredQuestionsAsync(board, cancellationToken));
        }

        return await IngestAsync(account.OrgId, account.MarketCode, account.AccountId, questions, cancellationToken);
    }

    private async Task<BoardPollResult> IngestAsync(
        string orgId, string market, string account, IReadOnlyList<BoardQuestion> questions, CancellationToken cancellationToken)
    {
        var processor = services.GetService<IInquiryProcessor>();
        var result = BoardPollResult.None;
        foreach (var question in questions)
        {
            var id = new BoardArticleRef(question.BoardNo, question.ArticleNo).ToString();
            var (inquiry, created) = await store.IngestAsync(orgId, new NewInquiry(market, account, id, question.Content), cancellationToken);
            result = result.Add(new BoardPollResult(1, created ? 1 : 0, []));
            if (created && processor is not null)
            {
                await processor.ProcessAsync(inquiry, cancellationToken);
            }
        }

        if (result.Ingested > 0)
        {
            LogPolled(logger, orgId, market, account, result.Seen, result.Ingested);
        }

        return result;
    }

    /// <summary>Every org with a sandbox shop or a polled connected account. One org's failure does not hold up the others; failures are thrown together at the end.</summary>
    public async Task<BoardPollResult> PollAllAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> orgs;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            orgs = (await connection.QueryAsync<string>(
                "SELECT org_id FROM sandbox_boards UNION SELECT org_id FROM market_accounts WHERE poll = 1 ORDER BY org_id")).ToList();
        }

        var total = BoardPollResult.None;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Boards of org {OrgId} ({Market} {Account}) polled: {Seen} unanswered questions, {Ingested} new inquiries")]
    private static partial void LogPolled(ILogger logger, string orgId, string market, string account, int seen, int ingested);

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling the boards of org {OrgId}'s {Market} account {Account} failed")]
    private static partial void LogAccountFailed(ILogger logger, Exception exception, string orgId, string market, string account);

    [LoggerMessage(Level = LogLevel.Error, Message = "The token of org {OrgId}'s {Market} account {Account} cannot be read (SECRET_KEY changed?): reconnect the account")]
    private static partial void LogTokenUnreadable(ILogger logger, string orgId, string market, string account);

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling the boards of org {OrgId} failed")]
    private static partial void LogOrgFailed(ILogger logger, Exception exception, string orgId);
}
