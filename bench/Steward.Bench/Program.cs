using Steward.Bench;

// Results go to stderr; stdout carries Steward's own JSON logs (send them to /dev/null).
var scenario = args.FirstOrDefault() ?? "http";
string? Text(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
int Arg(string name, int fallback) => Text(name) is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;

Console.Error.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
return scenario switch
{
    "http" => await HttpStackBenchmark.RunAsync(Arg("--connections", 32), TimeSpan.FromSeconds(Arg("--seconds", 10)), Arg("--rounds", 3), Text("--log-level") ?? "Information", Text("--client") ?? "wrk"),
    "intents" => IntentBenchmark.Run(
        Text("--train") ?? "../shared/data/banking77/train.csv",
        Text("--test") ?? "../shared/data/banking77/test.csv",
        args.Contains("--validate"),
        new Steward.Intents.IntentTrainingOptions
        {
            Epochs = Arg("--epochs", 10),
            LearningRate = double.Parse(Text("--rate") ?? "4", System.Globalization.CultureInfo.InvariantCulture),
            L2 = double.Parse(Text("--l2") ?? "1e-6", System.Globalization.CultureInfo.InvariantCulture),
            MinConfidence = double.Parse(Text("--min-confidence") ?? "0", System.Globalization.CultureInfo.InvariantCulture),
        }),
    "kb" => RetrievalBenchmark.Run(Text("--data") ?? "../shared/data/stackfaq", Arg("--chunks", 100_000)),
    "kb-stored" => await StoredRetrievalBenchmark.RunAsync(Text("--data") ?? "../shared/data/stackfaq", Arg("--chunks", 100_000)),
    "log" => LogFormatterBenchmark.Run(Arg("--iterations", 200_000)),
    "tools" => await ToolCallBenchmark.RunAsync(Arg("--calls", 5_000), Arg("--rounds", 3), Text("--postgres")),
    "ask" => await AskBenchmark.RunAsync(Arg("--connections", 32), TimeSpan.FromSeconds(Arg("--seconds", 10)), Arg("--rounds", 3)),
    "mcp" => await McpHttpBenchmark.RunAsync(Arg("--clients", 16), TimeSpan.FromSeconds(Arg("--seconds", 10)), Arg("--rounds", 3)),
    "sends" => await SendBenchmark.RunAsync(Arg("--inquiries", 5_000), Text("--postgres"), Arg("--market-latency-ms", 0), args.Contains("--failure-in-window")),
    "sessions" => await SessionMemoryBenchmark.RunAsync(Arg("--sessions", 10_000), Arg("--messages", 10), Arg("--live", 100_000), Arg("--live-messages", 4)),
    _ => throw new ArgumentException($"unknown scenario '{scenario}': use 'http', 'intents', 'kb', 'kb-stored', 'log', 'tools', 'mcp', 'ask', 'sends' or 'sessions'"),
};
