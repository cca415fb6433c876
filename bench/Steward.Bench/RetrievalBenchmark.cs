using System.Diagnostics;
using Steward.Knowledge;

namespace Steward.Bench;

/// <summary>
/// Issue 3's retrieval benchmark: StackFAQ quality for Steward's ranking beside plain BM25 (same run), then query latency
/// on an index of <c>--chunks</c> synthetic chunks built from the corpus's own sentences (fixed seed).
/// </summary>
public static class RetrievalBenchmark
{
    public static int Run(string folder, int chunks)
    {
        var documents = RetrievalEvaluation.ReadCorpus(Path.Combine(folder, "corpus.tsv"));
        var queries = RetrievalEvaluation.ReadQueries(Path.Combine(folder, "queries.tsv"));
        var qrels = RetrievalEvaluation.ReadQrels(Path.Combine(folder, "qrels.trec"));

        var steward = CorpusSearch.Steward(documents);
        var plain = CorpusSearch.PlainBm25(documents);
        var ours = RetrievalEvaluation.Score(queries, qrels, q => steward.Search(q));
        var baseline = RetrievalEvaluation.Score(queries, qrels, q => plain.Search(q));
        Console.Error.WriteLine($"StackFAQ, {documents.Count} documents, {ours.Queries} queries");
        Console.Error.WriteLine($"  steward     nDCG@10 {ours.NdcgAt10:N4}  Recall@10 {ours.RecallAt10:N4}  MRR@10 {ours.MrrAt10:N4}");
        Console.Error.WriteLine($"  plain BM25  nDCG@10 {baseline.NdcgAt10:N4}  Recall@10 {baseline.RecallAt10:N4}  MRR@10 {baseline.MrrAt10:N4}");
        Console.Error.WriteLine($"  ratio       nDCG@10 {ours.NdcgAt10 / baseline.NdcgAt10:N3}x");

        var sentences = documents.SelectMany(d => $"{d.Title}. {d.Body}".Split(". ", StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var random = new Random(7);
        var index = new Bm25Index(new Bm25Options(), text => TextAnalyzer.Terms(text));
        var build = Stopwatch.StartNew();
        for (var i = 0; i < chunks; i++)
        {
            index.Add(string.Join(". ", Enumerable.Range(0, 4).Select(_ => sentences[random.Next(sentences.Length)])));
        }

        var buildSeconds = build.Elapsed.TotalSeconds;
        var latencies = new List<double>();
        for (var pass = 0; pass < 2; pass++)
        {
            latencies.Clear();
            foreach (var (_, text) in queries)
            {
                var started = Stopwatch.GetTimestamp();
                index.Search(text);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        latencies.Sort();
        Console.Error.WriteLine($"{chunks:N0} chunks: built in {buildSeconds:N1} s; query p50 {latencies[latencies.Count / 2]:N2} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:N2} ms ({latencies.Count} queries)");
        return 0;
    }
}

/// <summary>
/// The same latency through the product's path on SQLite: chunks stored by <see cref="KnowledgeStore"/> (FAQ CSV
/// documents of 100 rows), searched by <see cref="KnowledgeBase"/>, which reads the org's revision on every search.
/// </summary>
public static class StoredRetrievalBenchmark
{
    public static async Task<int> RunAsync(string folder, int chunks)
    {
        var documents = RetrievalEvaluation.ReadCorpus(Path.Combine(folder, "corpus.tsv"));
        var queries = RetrievalEvaluation.ReadQueries(Path.Combine(folder, "queries.tsv"));
        var dataDir = Directory.CreateTempSubdirectory("steward-bench-kb-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Steward.Hosting.StewardServiceCollectionExtensions.AddStewardCore(builder);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Steward:Storage:DataDir"] = dataDir });
        using var host = builder.Build();
        await host.Services.GetRequiredService<Steward.Hosting.Initializer>().InitAsync("bench", "Bench", demo: false);
        var store = host.Services.GetRequiredService<KnowledgeStore>();

        var random = new Random(7);
        var import = Stopwatch.StartNew();
        for (var d = 0; d < chunks / 100; d++)
        {
            var csv = new System.Text.StringBuilder("question,answer\n");
            for (var row = 0; row < 100; row++)
            {
                var doc = documents[random.Next(documents.Count)];
                csv.Append('"').Append(doc.Title.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",\"")
                   .Append(doc.Body.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"\n");
            }

            await store.ImportAsync("bench", $"faq-{d:0000}.csv", csv.ToString(), DocumentFormat.FaqCsv, Steward.Audit.AuditActor.System);
        }

        var importSeconds = import.Elapsed.TotalSeconds;
        var knowledge = host.Services.GetRequiredService<KnowledgeBase>();
        var firstSearch = Stopwatch.StartNew();
        await knowledge.SearchAsync("bench", "warmup");
        var indexSeconds = firstSearch.Elapsed.TotalSeconds;
        var latencies = new List<double>();
        for (var pass = 0; pass < 2; pass++)
        {
            latencies.Clear();
            foreach (var (_, text) in queries)
            {
                var started = Stopwatch.GetTimestamp();
                await knowledge.SearchAsync("bench", text);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        latencies.Sort();
        Console.Error.WriteLine($"SQLite, {chunks:N0} stored chunks: imported in {importSeconds:N1} s, index built on first search in {indexSeconds:N1} s; search p50 {latencies[latencies.Count / 2]:N2} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:N2} ms ({latencies.Count} queries)");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
        return 0;
    }
}
