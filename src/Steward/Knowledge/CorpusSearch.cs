namespace Steward.Knowledge;

/// <summary>
/// A throw-away search over a corpus, the way Steward ranks (titles count twice, Korean bigrams, light English stemming,
/// BM25 k1 = 1.2, b = 0.75), or the plain BM25 baseline (words only, title and body alike, k1 = 0.9, b = 0.4) that
/// <c>kb eval</c> reports beside it.
/// </summary>
public sealed class CorpusSearch
{
    private readonly Bm25Index _index;
    private readonly List<string> _ids = [];

    private CorpusSearch(Bm25Index index) => _index = index;

    public static CorpusSearch Steward(IEnumerable<RetrievalEvaluation.CorpusDocument> documents)
    {
        var search = new CorpusSearch(new Bm25Index(new Bm25Options(), text => TextAnalyzer.Terms(text)));
        foreach (var document in documents)
        {
            search.Add(document.Id, $"{document.Title} {document.Title} {document.Body}");
        }

        return search;
    }

    public static CorpusSearch PlainBm25(IEnumerable<RetrievalEvaluation.CorpusDocument> documents)
    {
        var search = new CorpusSearch(new Bm25Index(new Bm25Options(K1: 0.9, B: 0.4), text => TextAnalyzer.Terms(text, stem: false, hangulBigrams: false)));
        foreach (var document in documents)
        {
            search.Add(document.Id, $"{document.Title} {document.Body}");
        }

        return search;
    }

    public IReadOnlyList<string> Search(string query, int top = 10) =>
        _index.Search(query, top).Select(hit => _ids[hit.Document]).ToList();

    private void Add(string id, string text)
    {
        _index.Add(text);
        _ids.Add(id);
    }
}
