using Steward.Bench;

// Results go to stderr; stdout carries Steward's own JSON logs (send them to /dev/null).
var scenario = args.FirstOrDefault() ?? "http";
int Arg(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;

Console.Error.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
return scenario switch
{
    "http" => await HttpStackBenchmark.RunAsync(Arg("--connections", 32), TimeSpan.FromSeconds(Arg("--seconds", 10)), Arg("--rounds", 3)),
    "probe" => LoggerProbe.Run(args[1]),
    "log" => LogFormatterBenchmark.Run(Arg("--iterations", 200_000)),
    _ => throw new ArgumentException($"unknown scenario '{scenario}': use 'http' or 'log'"),
};
