using System.Text.Json;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Cli;

public class KbImportCliTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Kb_import_a_folder_then_search_it(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        var env = storage.Environment();
        Assert.Equal(0, (await Fixtures.Cli.RunAsync(env, "init", "--org", "shop")).ExitCode);
        var docs = Directory.CreateDirectory(Path.Combine(storage.DataDir, "docs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(docs, "shipping.md"), "# 배송 안내\n\n## 배송비\n기본 배송비는 3,000원이며 50,000원 이상 무료입니다.\n");
        await File.WriteAllTextAsync(Path.Combine(docs, "faq.csv"), "question,answer,category\n환불은 언제 되나요?,회수 확인 후 3 영업일 안에 환불됩니다.,반품\n");
        await File.WriteAllTextAsync(Path.Combine(docs, "ignored.bin"), "binary");

        var imported = await Fixtures.Cli.RunAsync(env, "kb", "import", docs, "--org", "shop", "--json");
        Assert.True(imported.ExitCode == 0, imported.StdErr);
        Assert.Equal(2, JsonDocument.Parse(imported.StdOut).RootElement.GetProperty("documents").GetInt32());
        var again = JsonDocument.Parse((await Fixtures.Cli.RunAsync(env, "kb", "import", docs, "--org", "shop", "--json")).StdOut).RootElement;
        Assert.Equal(0, again.GetProperty("changed").GetInt32());

        var hits = JsonDocument.Parse((await Fixtures.Cli.RunAsync(env, "kb", "search", "환불 언제 돼요", "--org", "shop", "--json")).StdOut).RootElement;
        Assert.Contains("3 영업일", hits[0].GetProperty("snippet").GetString());

        var missing = await Fixtures.Cli.RunAsync(env, "kb", "import", Path.Combine(docs, "nope"), "--org", "shop");
        Assert.NotEqual(0, missing.ExitCode);
        var noOrg = await Fixtures.Cli.RunAsync(env, "kb", "import", docs, "--org", "nobody");
        Assert.NotEqual(0, noOrg.ExitCode);
    }
}
