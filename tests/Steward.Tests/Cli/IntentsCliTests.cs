using System.Text.Json;
using Steward.Tests.Intents;

namespace Steward.Tests.Cli;

public class IntentsCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("steward-intents-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Dictionary<string, string> Environment() => new() { ["STEWARD_DATA_DIR"] = _folder };

    [Fact]
    public async Task Train_then_eval_json_reports_accuracy_macro_f1_and_oos_recall()
    {
        var train = Path.Combine(_folder, "train.csv");
        await File.WriteAllLinesAsync(train, ["text,label", .. IntentClassifierTests.Train.Select(e => $"\"{e.Text}\",{e.Label}")]);
        var test = Path.Combine(_folder, "test.json");
        await File.WriteAllTextAsync(test, """
            {"test":[["배송 언제 오나요?","배송문의"],["can i get a refund","환불/반품"],["please cancel my order","취소"]],
             "oos_test":[["tell me a funny joke","oos"]]}
            """);
        var model = Path.Combine(_folder, "m.model");

        var trained = await Fixtures.Cli.RunAsync(Environment(), "intents", "train", "--data", train, "--out", model, "--json");
        Assert.True(trained.ExitCode == 0, trained.StdErr);
        Assert.Equal(4, JsonDocument.Parse(trained.StdOut).RootElement.GetProperty("intents").GetInt32());

        var evaluated = await Fixtures.Cli.RunAsync(Environment(), "intents", "eval", "--model", model, "--data", test, "--json");
        Assert.True(evaluated.ExitCode == 0, evaluated.StdErr);
        var report = JsonDocument.Parse(evaluated.StdOut).RootElement;
        Assert.Equal(1.0, report.GetProperty("accuracy").GetDouble());
        Assert.Equal(1.0, report.GetProperty("macro_f1").GetDouble());
        Assert.Equal(1.0, report.GetProperty("oos_recall").GetDouble());

        var csvOnly = Path.Combine(_folder, "test.csv");
        await File.WriteAllLinesAsync(csvOnly, ["text,label", "배송 언제 오나요?,배송문의"]);
        var noOos = JsonDocument.Parse((await Fixtures.Cli.RunAsync(Environment(), "intents", "eval", "--model", model, "--data", csvOnly, "--json")).StdOut).RootElement;
        Assert.Equal(JsonValueKind.Null, noOos.GetProperty("oos_recall").ValueKind);
    }

    [Fact]
    public async Task Missing_or_malformed_files_fail_with_a_message()
    {
        var missing = await Fixtures.Cli.RunAsync(Environment(), "intents", "train", "--data", Path.Combine(_folder, "nope.csv"));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("nope.csv", missing.StdErr);

        var notAModel = Path.Combine(_folder, "x.model");
        await File.WriteAllTextAsync(notAModel, "garbage");
        var data = Path.Combine(_folder, "d.csv");
        await File.WriteAllLinesAsync(data, ["text,label", "a,b"]);
        var bad = await Fixtures.Cli.RunAsync(Environment(), "intents", "eval", "--model", notAModel, "--data", data);
        Assert.NotEqual(0, bad.ExitCode);
    }
}
