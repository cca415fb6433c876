using System.ComponentModel;
using Steward.Tools;

namespace Steward.Commerce.Tools;

/// <summary>The shop's customer Q&amp;A boards.</summary>
public static class BoardTools
{
    [Tool("list_boards", ToolAccess.Read)]
    [Description("Lists the shop's customer question boards (product Q&A, 1:1 inquiries) with how many questions each has and how many are unanswered.")]
    public static async Task<ToolResult> ListBoards(ToolContext context, CancellationToken cancellationToken)
    {
        var shop = await context.ShopAsync(cancellationToken);
        var boards = await shop.ListBoardsAsync(cancellationToken);
        return ToolResult.Success(new { boards });
    }

    [Tool("list_board_articles", ToolAccess.Read)]
    [Description("Lists the questions posted on one board, newest first. Use list_boards first to learn the board numbers.")]
    public static async Task<ToolResult> ListBoardArticles(
        ToolContext context,
        [Description("The board number from list_boards.")] long board_no,
        [Description("Only questions that have no answer yet.")] bool unanswered_only = false,
        [Description("How many questions to return, 1 to 100.")] int limit = 20,
        CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 100)
        {
            return ToolResult.Failure(ToolErrorCodes.InvalidArguments, "limit은 1부터 100 사이여야 합니다.");
        }

        var shop = await context.ShopAsync(cancellationToken);
        var articles = await shop.ListBoardArticlesAsync(board_no, new ArticleQuery(unanswered_only ? false : null, limit), cancellationToken);
        return articles is null
            ? ToolResult.Failure("board_not_found", $"게시판 {board_no}번을 찾을 수 없습니다.")
            : ToolResult.Success(new { board_no, articles = articles.Select(a => a with { CreatedAt = ShopTools.Local(a.CreatedAt) }) });
    }
}
