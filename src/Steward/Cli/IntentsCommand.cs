using System.CommandLine;
using System.Diagnostics;
using Steward.Intents;

namespace Steward.Cli;

internal static class IntentsCommand
{
    public static Command Create()
    {
        var command = new Command("intents", "Train and evaluate the embedded intent classifier.");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Evaluate());
        return command;
    }

    private static Command Train()
    {
        var data = new Option<string>("--data") { Description = "CSV (text,label) or CLINC150-style JSON.", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the model. Default: intents.model next to the data." };
        var epochs = new Option<int?>("--epochs") { Description = "Training passes (default 10)." };
        var minConfidence = new Option<double?>("--min-confidence") { Description = "Below this probability the answer is out_of_scope (default 0)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("train", "Train a model on labelled utterances (deterministic: fixed seed).") { data, output, epochs, minConfidence, json };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(data)!;
            var modelPath = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "intents.model");
            try
            {
                var examples = IntentDataset.Load(path, DatasetSplit.Train);
                var defaults = new IntentTrainingOptions();
                var options = defaults with
                {
                    Epochs = parse.GetValue(epochs) ?? defaults.Epochs,
                    MinConfidence = parse.GetValue(minConfidence) ?? defaults.MinConfidence,
                };
                var stopwatch = Stopwatch.StartNew();
                var model = IntentTrainer.Train(examples, options, ProgressOnStdErr("training"));
                model.Save(modelPath);
                var seconds = stopwatch.Elapsed.TotalSeconds;
                if (parse.GetValue(json))
                {
                    CliOutput.WriteJson(new { model = modelPath, examples = examples.Count, intents = model.Labels.Count, features = model.FeatureCount, seconds });
                }
                else
                {
                    Console.WriteLine($"{modelPath}: {examples.Count:N0} examples, {model.Labels.Count} intents, {model.FeatureCount:N0} features, {seconds:N1} s");
                }

                return 0;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or CsvHelper.CsvHelperException or System.Text.Json.JsonException)
            {
                return CliOutput.Fail(ex.Message);
            }
        });
        return command;
    }

    private static Command Evaluate()
    {
        var modelOption = new Option<string>("--model") { Description = "A model written by 'intents train'.", Required = true };
        var data = new Option<string>("--data") { Description = "Labelled CSV, or CLINC150-style JSON (its test + oos_test).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("eval", "Accuracy, macro-F1, per-intent recall, out-of-scope recall and the most confused pairs.") { modelOption, data, json };
        command.SetAction(parse =>
        {
            try
            {
                var model = IntentModel.Load(parse.GetValue(modelOption)!);
                var examples = IntentDataset.Load(parse.GetValue(data)!, DatasetSplit.Test);
                var result = IntentEvaluation.Run(model, examples, ProgressOnStdErr("evaluating"));
                if (parse.GetValue(json))
                {
                    CliOutput.WriteJson(new
                    {
                        examples = result.Examples,
                        accuracy = result.Accuracy,
                        macro_f1 = result.MacroF1,
                        oos_recall = result.OosRecall,
                        recall_by_intent = result.RecallByIntent,
                        most_confused = result.MostConfused,
                    });
                    return 0;
                }

                Console.WriteLine($"examples   {result.Examples:N0}");
                Console.WriteLine($"accuracy   {result.Accuracy:P2} (in scope)");
                Console.WriteLine($"macro-F1   {result.MacroF1:P2}");
                Console.WriteLine($"oos recall {(result.OosRecall is { } oos ? oos.ToString("P2") : "n/a (no out-of-scope examples)")}");
                Console.WriteLine("recall by intent:");
                foreach (var (intent, recall) in result.RecallByIntent.OrderBy(p => p.Value))
                {
                    Console.WriteLine($"  {recall,8:P1}  {intent}");
                }

                Console.WriteLine("most confused (expected → predicted):");
                foreach (var confusion in result.MostConfused)
                {
                    Console.WriteLine($"  {confusion.Count,4}  {confusion.Expected} → {confusion.Predicted}");
                }

                return 0;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or CsvHelper.CsvHelperException or System.Text.Json.JsonException)
            {
                return CliOutput.Fail(ex.Message);
            }
        });
        return command;
    }

    /// <summary>A progress line on stderr (stdout stays clean for --json), only when stderr is a terminal.</summary>
    private static IProgress<double>? ProgressOnStdErr(string what) =>
        Console.IsErrorRedirected ? null : new Progress<double>(share => Console.Error.Write($"\r{what} {share:P0}   "));
}
