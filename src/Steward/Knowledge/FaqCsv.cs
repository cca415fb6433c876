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
        var chunks = new List<DocumentChunk>();
        long line = 1;
        try
        {
            var (question, answer, category) = Header(csv);
            line = csv.Parser.RawRow + 1;
            while (csv.Read())
            {
                chunks.Add(Row(csv.Parser.Record ?? [], line, question, answer, category));
                line = csv.Parser.RawRow + 1;
            }

            return chunks;
        }
        catch (CsvHelperException e)
        {
            var problem = e is BadDataException ? "a quote is not closed, or stands inside an unquoted field" : e.GetType().Name;
            throw new InvalidDataException($"FAQ CSV, line {line}: malformed row ({problem}).", e);
        }
    }

    private static (int Question, int Answer, int Category) Header(CsvReader csv)
    {
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
        {
            throw new InvalidDataException("FAQ CSV is empty: expected a header 'question,answer[,category]' on line 1.");
        }

        var question = Column(header, "question");
        var answer = Column(header, "answer");
        if (question < 0 || answer < 0)
        {
            throw new InvalidDataException(
                $"FAQ CSV, line 1: the header must have 'question' and 'answer' columns (found: {string.Join(",", header)}).");
        }

        return (question, answer, Column(header, "category"));
    }

    private static DocumentChunk Row(string[] fields, long line, int question, int answer, int category)
    {
        var q = ChunkText.OneLine(Field(fields, question));
        var a = ChunkText.Normalise(Field(fields, answer));
        if (q.Length == 0 || a.Length == 0)
        {
            throw new InvalidDataException($"FAQ CSV, line {line}: empty {(q.Length == 0 ? "question" : "answer")}.");
        }

        var c = category < 0 ? "" : ChunkText.OneLine(Field(fields, category));
        return new DocumentChunk(c.Length > 0 ? $"{c} > {q}" : q, a);
    }

    private static int Column(string[] header, string name) =>
        Array.FindIndex(header, h => h.Trim().TrimStart('\uFEFF').Equals(name, StringComparison.OrdinalIgnoreCase));

    private static string Field(string[] fields, int index) => index < fields.Length ? fields[index] : "";
}
