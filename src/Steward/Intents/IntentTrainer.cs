namespace Steward.Intents;

/// <summary>How to train. The defaults are what the shipped model and the BANKING77 benchmark use.</summary>
public sealed record IntentTrainingOptions
{
    public int Epochs { get; init; } = 10;

    /// <summary>Initial SGD step; it decays as 1 / (1 + t / 2N). Inputs are L2-normalised, so large steps are stable.</summary>
    public double LearningRate { get; init; } = 4.0;

    /// <summary>L2 penalty per update on the weights an example touches.</summary>
    public double L2 { get; init; } = 1e-6;

    /// <summary>A feature must occur in at least this many training examples to be kept.</summary>
    public int MinDocumentFrequency { get; init; } = 1;

    public double MinConfidence { get; init; }

    public int Seed { get; init; } = 42;
}

/// <summary>
/// Multinomial logistic regression over TF-IDF hashed n-grams, trained by stochastic gradient descent with a decaying
/// step and a fixed shuffling seed: the same data and options always give the same model.
/// </summary>
public static class IntentTrainer
{
    public static IntentModel Train(IReadOnlyList<IntentExample> examples, IntentTrainingOptions options, IProgress<double>? progress = null)
    {
        if (examples.Count == 0)
        {
            throw new ArgumentException("No training examples.", nameof(examples));
        }

        var labels = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var labelIndex = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        var documents = examples.Select(e => Features(e.Text)).ToArray();

        var documentFrequency = new Dictionary<ulong, int>();
        foreach (var document in documents)
        {
            foreach (var hash in document.Keys)
            {
                documentFrequency[hash] = documentFrequency.GetValueOrDefault(hash) + 1;
            }
        }

        var vocabulary = new Dictionary<ulong, int>();
        var idfValues = new List<float>();
        foreach (var (hash, df) in documentFrequency.Where(p => p.Value >= options.MinDocumentFrequency).OrderBy(p => p.Key))
        {
            vocabulary[hash] = vocabulary.Count;
            idfValues.Add((float)(Math.Log((documents.Length + 1.0) / (df + 1.0)) + 1));
        }

        var idf = idfValues.ToArray();
        var vectors = documents
            .Select(document => SparseVector.TfIdf(
                document.Where(p => vocabulary.ContainsKey(p.Key)).ToDictionary(p => vocabulary[p.Key], p => p.Value), idf))
            .ToArray();
        var targets = examples.Select(e => labelIndex[e.Label]).ToArray();

        var model = new IntentModel(labels, vocabulary, idf, new float[vocabulary.Count * labels.Length], new float[labels.Length], options.MinConfidence);
        Fit(model, vectors, targets, options, progress);
        return model;
    }

    private static Dictionary<ulong, int> Features(string text)
    {
        var counts = new Dictionary<ulong, int>();
        TextFeatures.Extract(TextFeatures.Normalise(text), hash => counts[hash] = counts.GetValueOrDefault(hash) + 1);
        return counts;
    }

    private static void Fit(IntentModel model, SparseVector[] vectors, int[] targets, IntentTrainingOptions options, IProgress<double>? progress)
    {
        var weights = model.Weights;
        var bias = model.Bias;
        var labels = model.LabelCount;
        var order = Enumerable.Range(0, vectors.Length).ToArray();
        var random = new Random(options.Seed);
        var step = 0L;
        var decay = vectors.Length * 2.0;
        var buffer = new double[labels];
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var n in order)
            {
                var x = vectors[n];
                var rate = options.LearningRate / (1 + step++ / decay);
                var probabilities = model.Probabilities(x, buffer);
                probabilities[targets[n]] -= 1; // gradient of the log loss w.r.t. the logits
                for (var k = 0; k < labels; k++)
                {
                    bias[k] -= (float)(rate * probabilities[k]);
                }

                for (var i = 0; i < x.Indices.Length; i++)
                {
                    var row = x.Indices[i] * labels;
                    var value = x.Values[i];
                    for (var k = 0; k < labels; k++)
                    {
                        var w = weights[row + k];
                        weights[row + k] = (float)(w - rate * (probabilities[k] * value + options.L2 * w));
                    }
                }
            }

            progress?.Report((epoch + 1.0) / options.Epochs);
        }
    }
}
