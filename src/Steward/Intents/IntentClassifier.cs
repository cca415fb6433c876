using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Steward.Intents;

/// <summary>Which intent model the server uses.</summary>
public sealed class IntentOptions
{
    public const string Section = "Steward:Intents";

    /// <summary>A model written by <c>steward intents train</c>. Empty (default): the built-in Korean + English customer-service model.</summary>
    public string? ModelPath { get; set; }

    /// <summary>For the built-in model: below this probability a message is out of scope and goes to a human. Default 0.3.</summary>
    public double MinConfidence { get; set; } = 0.3;
}

/// <summary>
/// The server's intent model: the configured file, or the built-in customer-service model trained at start-up from the
/// dataset embedded in the executable (<c>data/intents/train.csv</c>; deterministic, well under a second).
/// </summary>
public sealed partial class IntentClassifier(IOptions<IntentOptions> options, ILogger<IntentClassifier> logger)
{
    // The built-in model is deterministic and immutable: one per process (and threshold) is enough, however many
    // hosts a process builds (tests, benchmarks).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<double, Lazy<IntentModel>> BuiltIn = new();

    private readonly Lazy<IntentModel> _model = new(() => Build(options.Value, logger));

    public IntentModel Model => _model.Value;

    public IntentPrediction Classify(string text) => Model.Predict(text);

    private static IntentModel Build(IntentOptions options, ILogger logger)
    {
        var stopwatch = Stopwatch.StartNew();
        IntentModel model;
        if (!string.IsNullOrWhiteSpace(options.ModelPath))
        {
            model = IntentModel.Load(options.ModelPath);
        }
        else
        {
            model = BuiltIn.GetOrAdd(options.MinConfidence, threshold => new Lazy<IntentModel>(() => TrainBuiltIn(threshold))).Value;
        }

        LogReady(logger, options.ModelPath ?? "built-in", model.Labels.Count, model.FeatureCount, stopwatch.ElapsedMilliseconds);
        return model;
    }

    private static IntentModel TrainBuiltIn(double minConfidence)
    {
        using var stream = typeof(IntentClassifier).Assembly.GetManifestResourceStream("Steward.Intents.default-train.csv")
            ?? throw new InvalidOperationException("The built-in intent dataset is missing from the executable.");
        var examples = IntentDataset.Load(stream, "built-in intents dataset");
        return IntentTrainer.Train(examples, new IntentTrainingOptions { MinConfidence = minConfidence });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Intent model {Source} ready: {Intents} intents, {Features} features, {ElapsedMs} ms")]
    private static partial void LogReady(ILogger logger, string source, int intents, int features, long elapsedMs);
}
