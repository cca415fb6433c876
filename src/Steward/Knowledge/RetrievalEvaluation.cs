using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Steward.Knowledge;

public sealed record RetrievalScores(int Queries, double NdcgAt10, double RecallAt10, double MrrAt10);

/// <summary>
/// <c>steward kb eval</c>: builds a throw-away index from a corpus file, runs every query, and scores the ranking against
/// TREC qrels (<c>qid 0 docid rel</c>) with binary relevance. Recall@10 is relevant found in the top 10 divided by
/// min(10, relevant); nDCG@10's ideal ranking puts min(10, relevant) relevant documents first.
/// </summary>
public static class RetrievalEvaluation
{
    public sealed record CorpusDocument(string Id, string Title, string Body);

    public static IReadOnlyList<CorpusDocument> ReadCorpus(string path)
    {
        var rows = ReadTsv(path);
        var header = rows.Header;
        int Column(string name) => Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
        var id = Column("doc_id");
        var titles = new[] { Column("title"), Column("question") }.Where(i => i >= 0).ToArray();
        var bodies = new[] { Column("answer"), Column("text") }.Where(i => i >= 0).ToArray();
        if (id < 0 || titles.Length + bodies.Length == 0)
        {
            throw new InvalidDataException($"{path}: the header needs 'doc_id' and any of 'title', 'question', 'answer', 'text'.");
        }

        return rows.Records
            .Select(r => new CorpusDocument(r[id], string.Join(' ', titles.Select(i => r[i])), string.Join(' ', bodies.Select(i => r[i]))))
            .ToList();
    }

    public static IReadOnlyList<(string Id, string Text)> ReadQueries(string path) =>
        ReadTsv(path).Records.Select(r => r.Length >= 2 ? (r[0], r[1]) : throw new InvalidDataException($"{path}: every query needs an id and a text.")).ToList();

    public static IReadOnlyDictionary<string, HashSet<string>> ReadQrels(string path)
    {
        var relevant = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            if (parts.Length < 4 || !int.TryParse(parts[3], CultureInfo.InvariantCulture, out var grade))
            {
                throw new InvalidDataException($"{path}: '{line}' is not 'qid 0 docid relevance'.");
            }

            if (grade > 0)
            {
                (relevant.TryGetValue(parts[0], out var set) ? set : relevant[parts[0]] = new HashSet<string>(StringComparer.Ordinal)).Add(parts[2]);
            }
        }

        return relevant;
    }

    public static RetrievalScores Score(
        IReadOnlyList<(string Id, string Text)> queries, IReadOnlyDictionary<string, HashSet<string>> qrels, Func<string, IReadOnlyList<string>> search)
    {
        double ndcg = 0, recall = 0, mrr = 0;
        var counted = 0;
        foreach (var (id, text) in queries)
        {
            if (!qrels.TryGetValue(id, out var relevant) || relevant.Count == 0)
            {
                continue;
            }

            counted++;
            var ranked = search(text).Take(10).ToList();
            double dcg = 0;
            var found = 0;
            var firstRank = 0;
            for (var i = 0; i < ranked.Count; i++)
            {
                if (relevant.Contains(ranked[i]))
                {
                    dcg += 1 / Math.Log2(i + 2);
                    found++;
                    firstRank = firstRank == 0 ? i + 1 : firstRank;
                }
            }

            var ideal = Enumerable.Range(0, Math.Min(10, relevant.Count)).Sum(i => 1 / Math.Log2(i + 2));
            ndcg += dcg / ideal;
            recall += (double)found / Math.Min(10, relevant.Count);
            mrr += firstRank == 0 ? 0 : 1.0 / firstRank;
        }

        return counted == 0 ? new RetrievalScores(0, 0, 0, 0) : new RetrievalScores(counted, ndcg / counted, recall / counted, mrr / counted);
    }

    private static (string[] Header, List<string[]> Records) ReadTsv(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = "\t", BadDataFound = null });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
        {
            throw new InvalidDataException($"{path} is empty: expected a header line.");
        }

        var records = new List<string[]>();
        while (csv.Read())
        {
            records.Add(Enumerable.Range(0, header.Length).Select(i => csv.TryGetField<string>(i, out var value) ? value ?? "" : "").ToArray());
        }

        return (header, records);
    }
}
