using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Steward.Knowledge;

/// <summary>
/// Markdown to chunks with Markdig: h1–h3 make the heading path, paragraphs, lists ("- item" lines), tables ("a | b"
/// lines), code and quotes become plain text; emphasis is dropped, links keep their text and images are dropped.
/// </summary>
internal static partial class MarkdownChunker
{
    /// <summary>Deeper nesting than this (quotes in quotes in lists …) is read as flat text, so no input can exhaust the stack.</summary>
    private const int MaxDepth = 32;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseEmphasisExtras().Build();

    public static IReadOnlyList<DocumentChunk> Chunk(string content)
    {
        if (Parse(content) is not { } document)
        {
            return DocumentChunker.Chunk(content, DocumentFormat.Text);
        }

        var sections = new SectionCollector();
        foreach (var block in document)
        {
            if (block is HeadingBlock { Level: <= 3 } heading)
            {
                sections.Heading(heading.Level, InlineText(heading.Inline));
            }
            else
            {
                sections.Add(BlockText(block, 0));
            }
        }

        return sections.Finish();
    }

    public static string? Title(string content)
    {
        var h1 = Parse(content)?.OfType<HeadingBlock>().FirstOrDefault(h => h.Level == 1);
        var title = h1 is null ? "" : ChunkText.OneLine(InlineText(h1.Inline));
        return title.Length > 0 ? title : null;
    }

    /// <summary>The parsed document, or null when Markdig refuses it as nested too deeply to make sense.</summary>
    private static MarkdownDocument? Parse(string content)
    {
        try
        {
            return Markdown.Parse(content, Pipeline);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static void AppendBlock(StringBuilder text, Block block, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        switch (block)
        {
            case ListBlock list:
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    AppendListItem(text, item, depth);
                }

                break;
            case Table table:
                foreach (var row in table.OfType<TableRow>())
                {
                    var cells = row.OfType<TableCell>().Select(cell => ChunkText.OneLine(BlockText(cell, depth + 1)));
                    text.Append(string.Join(" | ", cells)).Append('\n');
                }

                break;
            case HtmlBlock html:
                text.Append(WebUtility.HtmlDecode(Tag().Replace(html.Lines.ToString(), " "))).Append('\n');
                break;
            case LeafBlock { Inline: { } inline }:
                text.Append(InlineText(inline)).Append('\n');
                break;
            case CodeBlock code:
                text.Append(code.Lines.ToString()).Append('\n');
                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    AppendBlock(text, child, depth + 1);
                }

                break;
        }
    }

    /// <summary>"- item" on one line; a nested list follows as its own "- sub" lines.</summary>
    private static void AppendListItem(StringBuilder text, ListItemBlock item, int depth)
    {
        var line = new StringBuilder();
        var nested = new StringBuilder();
        foreach (var child in item)
        {
            if (child is ListBlock)
            {
                AppendBlock(nested, child, depth + 1);
            }
            else
            {
                line.Append(' ').Append(ChunkText.OneLine(BlockText(child, depth + 1)));
            }
        }

        var itemText = ChunkText.OneLine(line.ToString());
        if (itemText.Length > 0)
        {
            text.Append("- ").Append(itemText).Append('\n');
        }

        text.Append(nested);
    }

    private static string BlockText(Block block, int depth)
    {
        var text = new StringBuilder();
        AppendBlock(text, block, depth);
        return text.ToString();
    }

    private static string InlineText(ContainerInline? inline)
    {
        var text = new StringBuilder();
        if (inline is not null)
        {
            AppendInline(text, inline, 0);
        }

        return text.ToString();
    }

    private static void AppendInline(StringBuilder text, Inline inline, int depth)
    {
        switch (inline)
        {
            case LiteralInline literal:
                text.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case AutolinkInline autolink:
                text.Append(autolink.Url);
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.ToString());
                break;
            case LineBreakInline:
                text.Append(' ');
                break;
            case LinkInline { IsImage: true }:
                break;
            case ContainerInline container when depth < MaxDepth:
                foreach (var child in container)
                {
                    AppendInline(text, child, depth + 1);
                }

                break;
        }
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
