using System.CommandLine;
using Steward.Knowledge;

namespace Steward.Cli;

internal static class KbCommand
{
    public static Command Create()
    {
        var command = new Command("kb", "Knowledge base: import documents, search them, evaluate retrieval.");
        command.Subcommands.Add(KbImportCommands.Import());
        command.Subcommands.Add(KbImportCommands.Search());
        command.Subcommands.Add(Evaluate());
        return command;
    }

    private static Command Evaluate()
    {
        var corpus = new Option<string>("--corpus") { Description = "TSV with a header holding doc_id and any of title, question, answer, text.", Required = true };
        var queries = new Option<string>("--queries") { Description = "TSV query_id<TAB>text with a header.", Required = true };
        var qrels = new Option<string>("--qrels") { Description = "TREC qrels: qid 0 docid relevance.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("eval", "nDCG@10, Recall@10 and MRR@10 of Steward's retrieval on a throw-away index (no org's KB is touched), beside plain BM25.")
        {
            corpus, queries, qrels, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                var documents = RetrievalEvaluation.ReadCorpus(parse.GetValue(corpus)!);
                var questions = RetrievalEvaluation.ReadQueries(parse.GetValue(queries)!);
                var judgements = RetrievalEvaluation.ReadQrels(parse.GetValue(qrels)!);
                var ours = RetrievalEvaluation.Score(questions, judgements, BuildSearch(CorpusSearch.Steward(documents)));
                var baseline = RetrievalEvaluation.Score(questions, judgements, BuildSearch(CorpusSearch.PlainBm25(documents)));
                if (parse.GetValue(json))
                {
                    CliOutput.WriteJson(new Dictionary<string, object>
                    {
                        ["queries"] = ours.Queries,
                        ["documents"] = documents.Count,
                        ["ndcg@10"] = ours.NdcgAt10,
                        ["recall@10"] = ours.RecallAt10,
                        ["mrr@10"] = ours.MrrAt10,
                        ["baseline"] = new Dictionary<string, object>
                        {
                            ["name"] = "plain BM25 (words, k1=0.9, b=0.4)",
                            ["ndcg@10"] = baseline.NdcgAt10,
                            ["recall@10"] = baseline.RecallAt10,
                            ["mrr@10"] = baseline.MrrAt10,
                        },
                    });
                    return 0;
                }

                Console.WriteLine($"{documents.Count:N0} documents, {ours.Queries:N0} judged queries");
                Console.WriteLine($"{"",-12} {"nDCG@10",8} {"Recall@10",10} {"MRR@10",8}");
                Console.WriteLine($"{"steward",-12} {ours.NdcgAt10,8:N4} {ours.RecallAt10,10:N4} {ours.MrrAt10,8:N4}");
                Console.WriteLine($"{"plain BM25",-12} {baseline.NdcgAt10,8:N4} {baseline.RecallAt10,10:N4} {baseline.MrrAt10,8:N4}");
                return 0;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or CsvHelper.CsvHelperException)
            {
                return CliOutput.Fail(ex.Message);
            }
        });
        return command;
    }

    private static Func<string, IReadOnlyList<string>> BuildSearch(CorpusSearch search) => query => search.Search(query);
}
