using System.Text.Json;

namespace Steward.Tests.Cli;

public class KbCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("steward-kb-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Kb_eval_json_reports_ndcg_recall_and_mrr_at_10_beside_the_baseline()
    {
        var corpus = Path.Combine(_folder, "corpus.tsv");
        await File.WriteAllTextAsync(corpus,
            "doc_id\tquestion\tanswer\n" +
            "d1\t배송은 얼마나 걸리나요?\t결제 후 2~3일 안에 도착합니다.\n" +
            "d2\t반품은 어떻게 하나요?\t수령 후 7일 안에 마이페이지에서 신청하세요.\n" +
            "d3\tHow do I reset my password?\tUse the forgot password link.\n");
        var queries = Path.Combine(_folder, "queries.tsv");
        await File.WriteAllTextAsync(queries, "query_id\ttext\nq1\t배송 기간\nq2\t반품 신청 방법\nq3\tforgot my password\n");
        var qrels = Path.Combine(_folder, "qrels.trec");
        await File.WriteAllTextAsync(qrels, "q1 0 d1 1\nq2 0 d2 1\nq3 0 d3 1\n");

        var result = await Fixtures.Cli.RunAsync(new Dictionary<string, string> { ["STEWARD_DATA_DIR"] = _folder },
            "kb", "eval", "--corpus", corpus, "--queries", queries, "--qrels", qrels, "--json");

        Assert.True(result.ExitCode == 0, result.StdErr);
        var report = JsonDocument.Parse(result.StdOut).RootElement;
        Assert.Equal(1.0, report.GetProperty("ndcg@10").GetDouble());
        Assert.Equal(1.0, report.GetProperty("recall@10").GetDouble());
        Assert.Equal(1.0, report.GetProperty("mrr@10").GetDouble());
        Assert.True(report.GetProperty("baseline").TryGetProperty("ndcg@10", out _));
        Assert.False(File.Exists(Path.Combine(_folder, "steward.db"))); // a throw-away index: no database touched
    }

    [Fact]
    public async Task Kb_eval_refuses_a_corpus_without_doc_id()
    {
        var corpus = Path.Combine(_folder, "bad.tsv");
        await File.WriteAllTextAsync(corpus, "id\ttext\nx\ty\n");
        var result = await Fixtures.Cli.RunAsync(new Dictionary<string, string>(), "kb", "eval", "--corpus", corpus, "--queries", corpus, "--qrels", corpus);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("doc_id", result.StdErr);
    }
}
