using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Steward.Knowledge;

/// <summary>
/// HTML to chunks with AngleSharp: script, style, nav, header and footer are ignored; h1–h3 make the heading path;
/// block elements (p, div, blockquote, pre …) become paragraphs, list items "- item" lines and table rows "a | b" lines.
/// Entities are decoded by the parser.
/// </summary>
internal static class HtmlChunker
{
    /// <summary>Deeper elements than this are ignored, so no input can exhaust the stack.</summary>
    private const int MaxDepth = 128;

    private static readonly HashSet<string> Ignored =
        new(["script", "style", "nav", "header", "footer", "noscript", "template", "head", "iframe", "svg", "button", "form"], StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> Blocks =
        new(["p", "div", "blockquote", "section", "article", "main", "aside", "li", "dd", "dt", "dl", "h4", "h5", "h6", "td", "th", "figure", "figcaption", "address", "hr", "br"], StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<DocumentChunk> Chunk(string content)
    {
        var document = new HtmlParser().ParseDocument(content);
        var walker = new Walker();
        if (document.Body is { } body)
        {
            walker.Visit(body, 0);
        }

        return walker.Finish();
    }

    public static string? Title(string content)
    {
        var document = new HtmlParser().ParseDocument(content);
        var title = ChunkText.OneLine(document.Title ?? "");
        if (title.Length == 0 && document.QuerySelector("h1") is { } h1)
        {
            title = ChunkText.OneLine(TextOf(h1));
        }

        return title.Length > 0 ? title : null;
    }

    /// <summary>The text of an element without its ignored descendants; <c>pre</c> keeps its lines.</summary>
    private static string TextOf(INode node)
    {
        var text = new StringBuilder();
        AppendText(text, node, 0);
        return text.ToString();
    }

    private static void AppendText(StringBuilder text, INode node, int depth)
    {
        if (node is IText textNode)
        {
            text.Append(textNode.Data);
        }
        else if (node is IElement element && depth <= MaxDepth && !Ignored.Contains(element.LocalName))
        {
            var block = Blocks.Contains(element.LocalName);
            if (block)
            {
                text.Append(' ');
            }

            foreach (var child in element.ChildNodes)
            {
                AppendText(text, child, depth + 1);
            }

            if (block)
            {
                text.Append(' ');
            }
        }
    }

    private sealed class Walker
    {
        private readonly SectionCollector sections = new();
        private readonly StringBuilder inline = new();

        public IReadOnlyList<DocumentChunk> Finish()
        {
            Flush();
            return sections.Finish();
        }

        public void Visit(INode node, int depth)
        {
            if (node is IText text)
            {
                inline.Append(text.Data.ReplaceLineEndings(" "));
                return;
            }

            if (node is not IElement element || depth > MaxDepth || Ignored.Contains(element.LocalName))
            {
                return;
            }

            switch (element.LocalName)
            {
                case "br":
                    inline.Append('\n');
                    return;
                case "h1" or "h2" or "h3":
                    Flush();
                    sections.Heading(element.LocalName[1] - '0', TextOf(element));
                    return;
                case "ul" or "ol":
                    Flush();
                    var items = element.Children.Where(c => c.LocalName == "li").Select(li => ChunkText.OneLine(TextOf(li)));
                    sections.Add(string.Join("\n", items.Where(item => item.Length > 0).Select(item => "- " + item)));
                    return;
                case "table":
                    Flush();
                    sections.Add(string.Join("\n", element.QuerySelectorAll("tr").Select(Row)));
                    return;
                case "pre":
                    Flush();
                    sections.Add(TextOf(element));
                    return;
            }

            var block = Blocks.Contains(element.LocalName);
            if (block)
            {
                Flush();
            }

            foreach (var child in element.ChildNodes)
            {
                Visit(child, depth + 1);
            }

            if (block)
            {
                Flush();
            }
        }

        private static string Row(IElement row) =>
            string.Join(" | ", row.Children.Where(c => c.LocalName is "td" or "th").Select(cell => ChunkText.OneLine(TextOf(cell))));

        private void Flush()
        {
            sections.Add(inline.ToString());
            inline.Clear();
        }
    }
}
