using System.Text;

namespace Steward.Knowledge;

/// <summary>
/// Whitespace normalisation and size splitting shared by every document format: blocks (paragraphs, lists, tables) are
/// packed into chunks of at most <see cref="DocumentChunker.TargetChunkChars"/> characters at block boundaries; a block
/// longer than twice the target is cut at sentence ends first, and a "sentence" longer than that at a space.
/// </summary>
internal static class ChunkText
{
    private const string BlockSeparator = "\n\n";

    /// <summary>
    /// Collapses runs of spaces (and control characters) in every line to one space, trims each line and drops empty
    /// lines; the remaining lines stay separate.
    /// </summary>
    public static string Normalise(string text)
    {
        var result = new StringBuilder(text.Length);
        var line = new StringBuilder();
        foreach (var c in text)
        {
            if (c is '\n' or '\r' or '\u2028' or '\u2029')
            {
                AppendLine(result, line);
            }
            else if (char.IsWhiteSpace(c) || char.IsControl(c) || c == '\uFEFF')
            {
                if (line.Length > 0 && line[^1] != ' ')
                {
                    line.Append(' ');
                }
            }
            else
            {
                line.Append(c);
            }
        }

        AppendLine(result, line);
        return result.ToString();
    }

    /// <summary><see cref="Normalise"/> with the lines joined by spaces: for headings and table cells.</summary>
    public static string OneLine(string text) => Normalise(text).Replace('\n', ' ');

    /// <summary>Packs a section's blocks into chunks that each repeat <paramref name="heading"/>.</summary>
    public static IEnumerable<DocumentChunk> Split(string heading, IReadOnlyList<string> blocks)
    {
        var current = new StringBuilder();
        foreach (var block in blocks)
        {
            var separator = BlockSeparator;
            foreach (var (piece, pieceSeparator) in Pieces(block))
            {
                if (current.Length > 0 && current.Length + separator.Length + piece.Length > DocumentChunker.TargetChunkChars)
                {
                    yield return new DocumentChunk(heading, current.ToString());
                    current.Clear();
                }

                if (current.Length > 0)
                {
                    current.Append(separator);
                }

                current.Append(piece);
                separator = pieceSeparator;
            }
        }

        if (current.Length > 0)
        {
            yield return new DocumentChunk(heading, current.ToString());
        }
    }

    /// <summary>
    /// A block as is, or, when longer than twice the target, its sentences, each with the separator that joins it to the
    /// next one.
    /// </summary>
    private static IEnumerable<(string Piece, string Separator)> Pieces(string block)
    {
        if (block.Length <= 2 * DocumentChunker.TargetChunkChars)
        {
            yield return (block, BlockSeparator);
            yield break;
        }

        var start = 0;
        for (var i = 0; i < block.Length; i++)
        {
            var c = block[i];
            var newline = c == '\n';
            var sentenceEnd = c is '.' or '?' or '!' or '。' && (i + 1 == block.Length || block[i + 1] == ' ');
            if (!newline && !sentenceEnd && i + 1 < block.Length)
            {
                continue;
            }

            var end = newline ? i : i + 1;
            foreach (var part in HardCut(block[start..end].Trim()))
            {
                yield return (part, newline ? "\n" : " ");
            }

            start = i + 1;
        }
    }

    /// <summary>Cuts a run with no sentence end into pieces of at most the target, at the last space where there is one.</summary>
    private static IEnumerable<string> HardCut(string sentence)
    {
        var limit = DocumentChunker.TargetChunkChars;
        while (sentence.Length > limit)
        {
            var cut = sentence.LastIndexOf(' ', limit);
            if (cut <= 0)
            {
                cut = char.IsHighSurrogate(sentence[limit - 1]) ? limit - 1 : limit;
            }

            yield return sentence[..cut].TrimEnd();
            sentence = sentence[cut..].TrimStart();
        }

        if (sentence.Length > 0)
        {
            yield return sentence;
        }
    }

    private static void AppendLine(StringBuilder result, StringBuilder line)
    {
        var length = line.Length;
        while (length > 0 && line[length - 1] == ' ')
        {
            length--;
        }

        var start = length > 0 && line[0] == ' ' ? 1 : 0;
        if (length > start)
        {
            if (result.Length > 0)
            {
                result.Append('\n');
            }

            result.Append(line, start, length - start);
        }

        line.Clear();
    }
}

/// <summary>Collects a document's blocks under the current heading and turns each finished section into chunks.</summary>
internal sealed class SectionCollector
{
    private readonly List<DocumentChunk> chunks = [];
    private readonly List<string> blocks = [];
    private readonly string?[] levels = new string?[3];
    private string heading = "";

    /// <summary>Starts a section under a heading of level 1–3, which replaces that level and clears the deeper ones.</summary>
    public void Heading(int level, string text)
    {
        levels[level - 1] = ChunkText.OneLine(text);
        Array.Clear(levels, level, levels.Length - level);
        Section(string.Join(" > ", levels.Where(l => !string.IsNullOrEmpty(l))));
    }

    /// <summary>Starts a section under a heading taken as a whole (no path).</summary>
    public void Section(string path)
    {
        Flush();
        heading = path;
    }

    /// <summary>Adds a block of text to the current section; blank blocks are ignored.</summary>
    public void Add(string block)
    {
        var text = ChunkText.Normalise(block);
        if (text.Length > 0)
        {
            blocks.Add(text);
        }
    }

    public IReadOnlyList<DocumentChunk> Finish()
    {
        Flush();
        return chunks;
    }

    private void Flush()
    {
        chunks.AddRange(ChunkText.Split(heading, blocks));
        blocks.Clear();
    }
}
