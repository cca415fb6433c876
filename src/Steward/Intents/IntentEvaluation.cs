namespace Steward.Intents;

public sealed record IntentConfusion(string Expected, string Predicted, int Count);

/// <summary>
/// Scores of a model on labelled data. <see cref="Accuracy"/> is in-scope accuracy (out-of-scope examples excluded);
/// <see cref="MacroF1"/> averages F1 over the in-scope intents; <see cref="OosRecall"/> is the share of out-of-scope
/// examples the model refused, or null when the data has none.
/// </summary>
public sealed record IntentEvaluation(
    int Examples,
    double Accuracy,
    double MacroF1,
    double? OosRecall,
    IReadOnlyDictionary<string, double> RecallByIntent,
    IReadOnlyList<IntentConfusion> MostConfused)
{
    public static IntentEvaluation Run(IntentModel model, IReadOnlyList<IntentExample> examples, IProgress<double>? progress = null)
    {
        var pairs = new List<(string Expected, string Predicted)>(examples.Count);
        for (var i = 0; i < examples.Count; i++)
        {
            pairs.Add((examples[i].Label, model.Predict(examples[i].Text, top: 1).Intent));
            if (i % 500 == 0)
            {
                progress?.Report((double)i / examples.Count);
            }
        }

        return FromPairs(pairs);
    }

    public static IntentEvaluation FromPairs(IReadOnlyList<(string Expected, string Predicted)> pairs)
    {
        var inScope = pairs.Where(p => p.Expected != IntentModel.OutOfScope).ToList();
        var outOfScope = pairs.Where(p => p.Expected == IntentModel.OutOfScope).ToList();
        var intents = inScope.Select(p => p.Expected).Distinct().Order(StringComparer.Ordinal).ToList();

        var recall = new Dictionary<string, double>();
        var f1s = new List<double>();
        foreach (var intent in intents)
        {
            var truePositives = pairs.Count(p => p.Expected == intent && p.Predicted == intent);
            var actual = pairs.Count(p => p.Expected == intent);
            var predicted = pairs.Count(p => p.Predicted == intent);
            var r = actual == 0 ? 0 : (double)truePositives / actual;
            var precision = predicted == 0 ? 0 : (double)truePositives / predicted;
            recall[intent] = r;
            f1s.Add(r + precision == 0 ? 0 : 2 * r * precision / (r + precision));
        }

        var confusions = pairs
            .Where(p => p.Expected != p.Predicted)
            .GroupBy(p => p)
            .Select(g => new IntentConfusion(g.Key.Expected, g.Key.Predicted, g.Count()))
            .OrderByDescending(c => c.Count)
            .ThenBy(c => c.Expected, StringComparer.Ordinal)
            .Take(10)
            .ToList();

        return new IntentEvaluation(
            pairs.Count,
            inScope.Count == 0 ? 0 : (double)inScope.Count(p => p.Predicted == p.Expected) / inScope.Count,
            f1s.Count == 0 ? 0 : f1s.Average(),
            outOfScope.Count == 0 ? null : (double)outOfScope.Count(p => p.Predicted == IntentModel.OutOfScope) / outOfScope.Count,
            recall,
            confusions);
    }
}
