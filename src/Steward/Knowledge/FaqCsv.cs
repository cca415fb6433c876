using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Steward.Knowledge;

/// <summary>
/// Reads an FAQ CSV with a header <c>question,answer[,category]</c> (any case, any order): one chunk per row, headed
/// "category &gt; question" (or just the question) with the answer as its text.
/// </summary>
internal static class FaqCsv
{
    public static IReadOnlyList<DocumentChunk> Chunk(string content)
    {
        using var reader = new StringReader(content.TrimStart('\uFEFF'));
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.None, DetectColumnCountChanges = false };
        using var csv = new CsvReader(reader, config);
        try
        {
            return Read(csv);
        }
        catch (CsvHelperException e)
        {
            var line = e.Context?.Parser?.RawRow ?? 0;
            throw new InvalidDataException($"FAQ CSV, line {line}: malformed row ({e.GetType().Name}).", e);
        }
    }

    private static List<DocumentChunk> Read(CsvReader csv)
    {
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
        {
            throw new InvalidDataException("FAQ CSV is empty: expected a header 'question,answer[,category]' on line 1.");
        }

        var question = Column(header, "question");
        var answer = Column(header, "answer");
        var category = Column(header, "category");
        if (question < 0 || answer < 0)
        {
            throw new InvalidDataException(
                $"FAQ CSV, line 1: the header must have 'question' and 'answer' columns (found: {string.Join(",", header)}).");
        }

        var chunks = new List<DocumentChunk>();
        while (csv.Read())
        {
            var line = StartLine(csv);
            var fields = csv.Parser.Record ?? [];
            var q = ChunkText.OneLine(Field(fields, question));
            var a = ChunkText.Normalise(Field(fields, answer));
            if (q.Length == 0 || a.Length == 0)
            {
                throw new InvalidDataException($"FAQ CSV, line {line}: empty {(q.Length == 0 ? "question" : "answer")}.");
            }

            var c = category < 0 ? "" : ChunkText.OneLine(Field(fields, category));
            chunks.Add(new DocumentChunk(c.Length > 0 ? $"{c} > {q}" : q, a));
        }

        return chunks;
    }

    private static int Column(string[] header, string name) =>
        Array.FindIndex(header, h => h.Trim().TrimStart('\uFEFF').Equals(name, StringComparison.OrdinalIgnoreCase));

    private static string Field(string[] fields, int index) => index < fields.Length ? fields[index] : "";

    /// <summary>The line a record starts on: CsvHelper counts the last line, and a quoted field may span several.</summary>
    private static long StartLine(CsvReader csv) => csv.Parser.RawRow - csv.Parser.RawRecord.Count(c => c == '\n') + (csv.Parser.RawRecord.EndsWith('\n') ? 1 : 0);
}
