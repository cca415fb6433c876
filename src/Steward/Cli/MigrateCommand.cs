using System.CommandLine;
using Steward.Storage;

namespace Steward.Cli;

internal static class MigrateCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("migrate", "Apply pending database migrations.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build();
            var database = host.Services.GetRequiredService<Database>();
            var applied = await host.Services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(new { database = database.Description, applied = applied.Select(m => new { m.Version, m.Name }) });
            }
            else
            {
                Console.WriteLine(applied.Count == 0 ? $"{database.Description}: up to date" : $"{database.Description}: applied {applied.Count} migration(s)");
                foreach (var migration in applied)
                {
                    Console.WriteLine($"  {migration.Version:0000} {migration.Name}");
                }
            }

            return 0;
        });
        return command;
    }
}
