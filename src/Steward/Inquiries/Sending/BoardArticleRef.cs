using System.Globalization;

namespace Steward.Inquiries.Sending;

/// <summary>
/// A board question as Cafe24 and the sandbox shop identify it. An inquiry from a board carries it as its market inquiry
/// id, <c>"{board_no}:{article_no}"</c> (e.g. <c>"2:17"</c>): the board and the question's article number.
/// </summary>
public readonly record struct BoardArticleRef(long BoardNo, long ArticleNo)
{
    public static BoardArticleRef? Parse(string marketInquiryId)
    {
        var parts = marketInquiryId.Split(':');
        return parts.Length == 2
               && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var board) && board > 0
               && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var article) && article > 0
            ? new BoardArticleRef(board, article)
            : null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{BoardNo}:{ArticleNo}");
}
