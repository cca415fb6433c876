using System.Data.Common;
using Dapper;
using Steward.Storage;

namespace Steward.Commerce.Sandbox;

/// <summary>
/// One org's sandbox shop: its <c>sandbox_*</c> rows, read and changed with SQL that runs unchanged on SQLite and
/// PostgreSQL. Every statement is scoped to the org, so an org's backend never sees another org's rows. Replies are
/// kept in <c>sandbox_replies</c>, one row per reply, so whether (and how often) a question was answered can be asked.
/// </summary>
/// <summary>A reply the sandbox stored: its number, the question it answers, and its text.</summary>
internal sealed record SandboxReply(long ReplyNo, BoardArticle Question, string Content, DateTimeOffset CreatedAt);

/// <summary>What a reply did: stored (<paramref name="Reply"/>), with an injected <paramref name="Fault"/> or none.
/// Neither: the board has no such question.</summary>
internal sealed record SandboxReplyAttempt(SandboxReply? Reply, string? Fault)
{
    public static readonly SandboxReplyAttempt NoQuestion = new(null, null);
}

internal sealed partial class SandboxCommerceBackend(Database database, string orgId, TimeProvider time) : ICommerceBackend
{
    public const int MaxArticles = 100;

    public string Name => "sandbox";

    public async Task<IReadOnlyList<Board>> ListBoardsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<BoardRow>(
            """
            SELECT b.board_no, b.name,
                   (SELECT COUNT(*) FROM sandbox_articles a WHERE a.org_id = b.org_id AND a.board_no = b.board_no) AS articles,
                   (SELECT COUNT(*) FROM sandbox_articles a WHERE a.org_id = b.org_id AND a.board_no = b.board_no AND a.answered = 0) AS unanswered
            FROM sandbox_boards b
            WHERE b.org_id = @orgId
            ORDER BY b.board_no
            """,
            new { orgId });
        return rows.Select(r => new Board(r.BoardNo, r.Name, TypeOf(r.Name), r.Articles, r.Unanswered)).ToList();
    }

    public async Task<IReadOnlyList<BoardArticle>?> ListBoardArticlesAsync(long boardNo, ArticleQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await BoardExistsAsync(connection, boardNo))
        {
            return null;
        }

        var answered = query.Answered switch
        {
            null => "",
            true => "AND answered = 1",
            false => "AND answered = 0",
        };
        var rows = await connection.QueryAsync<ArticleRow>(
            $"""
            SELECT {ArticleColumns} FROM sandbox_articles
            WHERE org_id = @orgId AND board_no = @boardNo {answered}
            ORDER BY created_at DESC, article_no DESC
            LIMIT @limit OFFSET @offset
            """,
            new { orgId, boardNo, limit = Math.Clamp(query.Limit, 1, MaxArticles), offset = Math.Max(query.Offset, 0) });
        return rows.Select(r => r.ToArticle()).ToList();
    }

    /// <summary>
    /// Stores a reply to the question and marks it answered, in one transaction. Every call stores one more reply, as a
    /// market does: a repeated send shows up as a second reply. An injected failure (<see cref="SandboxFaults"/>) refuses
    /// the reply or stores it with the answer lost.
    /// </summary>
    public async Task<SandboxReplyAttempt> AddReplyAsync(long boardNo, long articleNo, string content, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var args = new { orgId, boardNo, articleNo, content, now = time.GetUtcNow() };
        var fault = await SandboxFaults.TakeAsync(connection, transaction, orgId);
        if (fault == SandboxFaultModes.Refuse)
        {
            var exists = await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM sandbox_articles WHERE org_id = @orgId AND board_no = @boardNo AND article_no = @articleNo", args, transaction) > 0;
            if (!exists)
            {
                return SandboxReplyAttempt.NoQuestion;
            }

            await transaction.CommitAsync(cancellationToken);
            return new SandboxReplyAttempt(null, fault);
        }

        var row = await connection.QuerySingleOrDefaultAsync<ArticleRow>(
            $"UPDATE sandbox_articles SET answered = 1 WHERE org_id = @orgId AND board_no = @boardNo AND article_no = @articleNo RETURNING {ArticleColumns}",
            args, transaction);
        if (row is null)
        {
            return SandboxReplyAttempt.NoQuestion;
        }

        var replyNo = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO sandbox_replies (org_id, board_no, article_no, content, created_at) VALUES (@orgId, @boardNo, @articleNo, @content, @now)
            RETURNING reply_no
            """,
            args, transaction);
        await transaction.CommitAsync(cancellationToken);
        return new SandboxReplyAttempt(new SandboxReply(replyNo, row.ToArticle(), content, args.now), fault);
    }

    /// <summary>A customer's new, unanswered question on the board (what the poller ingests); null when there is no such board.</summary>
    public async Task<BoardArticle?> AddQuestionAsync(long boardNo, string title, string content, string writer, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await BoardExistsAsync(connection, boardNo))
        {
            return null;
        }

        // The board's next article number; on PostgreSQL two posts can pick the same one, and the loser takes the next.
        for (var attempt = 0; ; attempt++)
        {
            var row = await connection.QuerySingleOrDefaultAsync<ArticleRow>(
                $"""
                INSERT INTO sandbox_articles (org_id, board_no, article_no, title, content, writer, created_at, answered)
                SELECT @orgId, @boardNo, COALESCE(MAX(article_no), 0) + 1, @title, @content, @writer, @now, 0
                FROM sandbox_articles WHERE org_id = @orgId AND board_no = @boardNo
                ON CONFLICT DO NOTHING
                RETURNING {ArticleColumns}
                """,
                new { orgId, boardNo, title, content, writer, now = time.GetUtcNow() });
            if (row is not null || attempt == 10)
            {
                return row?.ToArticle() ?? throw new InvalidOperationException("Could not number a new sandbox question after 10 tries.");
            }
        }
    }

    /// <summary>How many replies the question holds: what reconciliation asks, and how tests see duplicates.</summary>
    public async Task<long> CountRepliesAsync(long boardNo, long articleNo, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM sandbox_replies WHERE org_id = @orgId AND board_no = @boardNo AND article_no = @articleNo",
            new { orgId, boardNo, articleNo });
    }

    public async Task<Customer?> FindCustomerByPhoneAsync(string phone, CancellationToken cancellationToken)
    {
        if (PhoneNumbers.Normalize(phone) is not { } normalized)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Customer>($"{CustomerSelect} AND c.phone = @phone", new { orgId, phone = normalized });
    }

    public async Task<Customer?> GetCustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Customer>($"{CustomerSelect} AND c.id = @customerId", new { orgId, customerId });
    }

    /// <summary>Cafe24 types boards; the sandbox's two boards are told apart by name ("상품 Q&amp;A" and "배송 문의").</summary>
    private static BoardType TypeOf(string boardName) =>
        boardName.Contains("상품", StringComparison.Ordinal) ? BoardType.ProductQuestions : BoardType.OneToOne;

    private async Task<bool> BoardExistsAsync(DbConnection connection, long boardNo) =>
        await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM sandbox_boards WHERE org_id = @orgId AND board_no = @boardNo", new { orgId, boardNo }) > 0;

    /// <summary>"<paramref name="column"/> is one of the array <paramref name="parameter"/>": Npgsql sends an array as one
    /// parameter, which only <c>= ANY</c> accepts; on SQLite Dapper expands <c>IN @list</c> into one parameter per item.</summary>
    private string AnyOf(string column, string parameter) =>
        database.Dialect == SqlDialect.Postgres ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";

    private static void AddCondition<T>(List<string> conditions, DynamicParameters args, T? value, string condition, string name)
    {
        if (value is not null)
        {
            conditions.Add(condition);
            args.Add(name, value);
        }
    }

    private const string ArticleColumns = "board_no, article_no, title, content, writer, created_at, answered";

    private const string CustomerSelect =
        """
        SELECT c.id, c.name, c.phone, c.email, c.address, c.created_at,
               (SELECT COUNT(*) FROM sandbox_orders o WHERE o.org_id = c.org_id AND o.customer_id = c.id) AS orders
        FROM sandbox_customers c
        WHERE c.org_id = @orgId
        """;

    /// <summary>Properties, not a constructor: see <see cref="OrderSummaryRow"/>.</summary>
    private sealed class BoardRow
    {
        public long BoardNo { get; init; }
        public string Name { get; init; } = "";
        public long Articles { get; init; }
        public long Unanswered { get; init; }
    }

    private sealed record ArticleRow(long BoardNo, long ArticleNo, string Title, string Content, string Writer, DateTimeOffset CreatedAt, long Answered)
    {
        public BoardArticle ToArticle() => new(BoardNo, ArticleNo, Title, Content, Writer, CreatedAt, Answered == 1);
    }
}
