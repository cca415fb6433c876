namespace Steward.Knowledge;

public sealed record SearchHit(int Document, double Score);

/// <summary>Okapi BM25 parameters.</summary>
public sealed record Bm25Options(double K1 = 1.2, double B = 0.75);

/// <summary>
/// An in-memory inverted index with Okapi BM25 ranking over <see cref="TextAnalyzer"/> terms. Documents are numbered in
/// the order they are added. Build it, then search it from any number of threads.
/// </summary>
public sealed class Bm25Index(Bm25Options options, Func<string, List<string>> analyze)
{
    private readonly Dictionary<string, List<(int Document, int Frequency)>> _postings = new(StringComparer.Ordinal);
    private readonly List<int> _lengths = [];
    private long _totalLength;

    public int Count => _lengths.Count;

    public int Add(string text)
    {
        var document = _lengths.Count;
        var terms = analyze(text);
        foreach (var group in terms.GroupBy(t => t, StringComparer.Ordinal))
        {
            if (!_postings.TryGetValue(group.Key, out var list))
            {
                _postings[group.Key] = list = [];
            }

            list.Add((document, group.Count()));
        }

        _lengths.Add(terms.Count);
        _totalLength += terms.Count;
        return document;
    }

    public IReadOnlyList<SearchHit> Search(string query, int top = 10)
    {
        if (Count == 0)
        {
            return [];
        }

        var averageLength = (double)_totalLength / Count;
        var scores = new Dictionary<int, double>();
        foreach (var term in analyze(query).Distinct(StringComparer.Ordinal))
        {
            if (!_postings.TryGetValue(term, out var postings))
            {
                continue;
            }

            var idf = Math.Log(1 + (Count - postings.Count + 0.5) / (postings.Count + 0.5));
            foreach (var (document, frequency) in postings)
            {
                var norm = frequency + options.K1 * (1 - options.B + options.B * _lengths[document] / averageLength);
                scores[document] = scores.GetValueOrDefault(document) + idf * frequency * (options.K1 + 1) / norm;
            }
        }

        return scores
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key)
            .Take(top)
            .Select(pair => new SearchHit(pair.Key, pair.Value))
            .ToList();
    }
}
