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
    private readonly System.Buffers.ArrayPool<double> _scorePool = System.Buffers.ArrayPool<double>.Create();
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
        // Scores accumulate in a pooled array indexed by document; only touched slots are read back and cleared. The pool
        // is this index's own, so every array in it is all zeros between searches.
        var scores = _scorePool.Rent(Count);
        var touched = new List<int>();
        try
        {
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
                    if (scores[document] == 0)
                    {
                        touched.Add(document);
                    }

                    scores[document] += idf * frequency * (options.K1 + 1) / norm;
                }
            }

            // Top k by a bounded min-heap: O(touched · log k) instead of sorting every candidate.
            var heap = new PriorityQueue<int, (double Score, int Negated)>(top + 1);
            foreach (var document in touched)
            {
                heap.Enqueue(document, (scores[document], -document));
                if (heap.Count > top)
                {
                    heap.Dequeue();
                }
            }

            var hits = new SearchHit[heap.Count];
            for (var i = hits.Length - 1; i >= 0; i--)
            {
                heap.TryDequeue(out var document, out var priority);
                hits[i] = new SearchHit(document, priority.Score);
            }

            return hits;
        }
        finally
        {
            foreach (var document in touched)
            {
                scores[document] = 0;
            }

            _scorePool.Return(scores);
        }
    }
}
