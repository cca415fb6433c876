using System.Diagnostics;
using Steward.Intents;

namespace Steward.Bench;

/// <summary>
/// Issue 3's classifier benchmark: train on a labelled set, report test accuracy, training time and per-utterance
/// inference latency. <c>--validate</c> instead holds out the last 10 % of the training file (never the test file) to
/// compare option sets.
/// </summary>
public static class IntentBenchmark
{
    public static int Run(string train, string test, bool validate, IntentTrainingOptions options)
    {
        var trainSet = IntentDataset.Load(train, DatasetSplit.Train);
        var testSet = IntentDataset.Load(test, DatasetSplit.Test);
        if (validate)
        {
            var all = trainSet;
            (trainSet, testSet) = (all.Where((_, i) => i % 10 != 0).ToList(), all.Where((_, i) => i % 10 == 0).ToList());
        }

        var stopwatch = Stopwatch.StartNew();
        var model = IntentTrainer.Train(trainSet, options);
        var trainSeconds = stopwatch.Elapsed.TotalSeconds;

        var latencies = new double[testSet.Count];
        var pairs = new List<(string, string)>(testSet.Count);
        for (var pass = 0; pass < 2; pass++) // the first pass warms up the JIT
        {
            pairs.Clear();
            for (var i = 0; i < testSet.Count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var prediction = model.Predict(testSet[i].Text, top: 1);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                pairs.Add((testSet[i].Label, prediction.Intent));
            }
        }

        var result = IntentEvaluation.FromPairs(pairs);
        Array.Sort(latencies);
        Console.Error.WriteLine($"{(validate ? "validation" : "test")}: {result.Examples:N0} examples, accuracy {result.Accuracy:P2}, macro-F1 {result.MacroF1:P2}, oos recall {result.OosRecall?.ToString("P2") ?? "n/a"}");
        Console.Error.WriteLine($"training: {trainSet.Count:N0} examples, {model.Labels.Count} intents, {model.FeatureCount:N0} features, {trainSeconds:N1} s ({options})");
        Console.Error.WriteLine($"inference: p50 {latencies[latencies.Length / 2]:N3} ms, p99 {latencies[(int)(latencies.Length * 0.99)]:N3} ms per utterance");
        return 0;
    }
}
