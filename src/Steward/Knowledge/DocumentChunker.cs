using System.Text.RegularExpressions;

namespace Steward.Knowledge;

/// <summary>
/// Splits a knowledge-base document into <see cref="DocumentChunk"/>s: a section under its heading path
/// ("배송 안내 &gt; 배송 기간") becomes one chunk, or several of about <see cref="TargetChunkChars"/> characters cut at
/// paragraph (then sentence) boundaries, each repeating the path. Markdown, HTML and text never throw; output is
/// deterministic and whitespace-normalised.
/// </summary>
public static partial class DocumentChunker
{
    public const int TargetChunkChars = 800;

    /// <summary>A text line at most this long, without ending punctuation, alone in its paragraph, reads as a heading.</summary>
    private const int MaxTextHeadingChars = 60;

    /// <summary>Guesses the format from a file name: .md/.markdown → Markdown, .html/.htm → Html, .csv → FaqCsv, anything else → Text.</summary>
    public static DocumentFormat FormatOf(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".md" or ".markdown" => DocumentFormat.Markdown,
            ".html" or ".htm" => DocumentFormat.Html,
            ".csv" => DocumentFormat.FaqCsv,
            _ => DocumentFormat.Text,
        };

    /// <summary>Splits a document into chunks; throws InvalidDataException with a readable message for a malformed FAQ CSV.</summary>
    public static IReadOnlyList<DocumentChunk> Chunk(string content, DocumentFormat format) =>
        format switch
        {
            DocumentFormat.Markdown => MarkdownChunker.Chunk(content),
            DocumentFormat.Html => HtmlChunker.Chunk(content),
            DocumentFormat.FaqCsv => FaqCsv.Chunk(content),
            _ => ChunkPlainText(content),
        };

    /// <summary>The document's title: first H1 (Markdown/HTML &lt;title&gt; or first h1), else null.</summary>
    public static string? TitleOf(string content, DocumentFormat format) =>
        format switch
        {
            DocumentFormat.Markdown => MarkdownChunker.Title(content),
            DocumentFormat.Html => HtmlChunker.Title(content),
            _ => null,
        };

    /// <summary>
    /// Plain text: paragraphs are separated by blank lines; a paragraph of one short line without ending punctuation,
    /// followed by another paragraph, is the heading of what follows (as in pasted policies).
    /// </summary>
    private static IReadOnlyList<DocumentChunk> ChunkPlainText(string content)
    {
        var paragraphs = BlankLine().Split(content.ReplaceLineEndings("\n"))
            .Select(ChunkText.Normalise)
            .Where(paragraph => paragraph.Length > 0)
            .ToList();
        var sections = new SectionCollector();
        for (var i = 0; i < paragraphs.Count; i++)
        {
            var paragraph = paragraphs[i];
            if (i + 1 < paragraphs.Count && IsTextHeading(paragraph))
            {
                sections.Section(paragraph);
            }
            else
            {
                sections.Add(paragraph);
            }
        }

        return sections.Finish();
    }

    private static bool IsTextHeading(string paragraph) =>
        paragraph.Length is > 0 and <= MaxTextHeadingChars && !paragraph.Contains('\n') && !".,;:!?。…".Contains(paragraph[^1]);

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLine();
}
