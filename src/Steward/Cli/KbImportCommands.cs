using System.CommandLine;
using Steward.Audit;
using Steward.Knowledge;
using Steward.Security;

namespace Steward.Cli;

/// <summary><c>steward kb import</c> and <c>steward kb search</c>, against an org's knowledge base.</summary>
internal static class KbImportCommands
{
    private static readonly string[] Extensions = [".md", ".markdown", ".txt", ".html", ".htm", ".csv"];

    public static Command Import()
    {
        var path = new Argument<string>("path") { Description = "A file, or a folder whose .md, .txt, .html and FAQ .csv files are imported." };
        var org = new Option<string>("--org") { Description = "Org id.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("import", "Import documents into an org's knowledge base (re-importing a changed file makes a new version).") { path, org, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = Path.GetFullPath(parse.GetValue(path)!);
            var files = File.Exists(root) ? [root]
                : Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToArray()
                : null;
            if (files is null)
            {
                return CliOutput.Fail($"{root} does not exist.");
            }

            using var host = CliHost.Build();
            var orgId = parse.GetValue(org)!;
            if (await host.Services.GetRequiredService<OrgStore>().FindAsync(orgId, cancellationToken) is null)
            {
                return CliOutput.Fail($"no org '{orgId}': create it with 'steward init --org {orgId}'.");
            }

            var store = host.Services.GetRequiredService<KnowledgeStore>();
            var results = new List<KbImportResult>();
            foreach (var (file, i) in files.Select((f, i) => (f, i)))
            {
                var source = File.Exists(root) ? Path.GetFileName(file) : Path.GetRelativePath(root, file);
                try
                {
                    results.Add(await store.ImportAsync(orgId, source, await File.ReadAllTextAsync(file, cancellationToken), null, AuditActor.Cli, cancellationToken));
                }
                catch (InvalidDataException ex)
                {
                    return CliOutput.Fail($"{file}: {ex.Message}");
                }

                if (!parse.GetValue(json))
                {
                    var r = results[^1];
                    Console.WriteLine($"[{i + 1}/{files.Length}] {source}: {(r.Changed ? $"version {r.Document.Version}" : "unchanged")}, {r.Chunks} chunks");
                }
            }

            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(new { documents = results.Count, changed = results.Count(r => r.Changed), chunks = results.Sum(r => r.Chunks), results });
            }

            return 0;
        });
        return command;
    }

    public static Command Search()
    {
        var query = new Argument<string>("query") { Description = "What to look for." };
        var org = new Option<string>("--org") { Description = "Org id.", Required = true };
        var top = new Option<int?>("--top") { Description = "How many passages (default 5)." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("search", "Search an org's knowledge base.") { query, org, top, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build();
            var hits = await host.Services.GetRequiredService<KnowledgeBase>().SearchAsync(parse.GetValue(org)!, parse.GetValue(query)!, parse.GetValue(top) ?? 5, cancellationToken);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(hits);
                return 0;
            }

            foreach (var hit in hits)
            {
                Console.WriteLine($"{hit.Score,8:N3}  {hit.Title} › {hit.Heading}");
                Console.WriteLine($"          {hit.Snippet.ReplaceLineEndings(" ")}");
            }

            return 0;
        });
        return command;
    }
}
