using System.CommandLine;
using Steward.Storage;

namespace Steward.Cli;

internal static class BackupCommands
{
    public static Command Backup()
    {
        var output = new Option<string>("--out") { Description = "File to write (must not exist).", Required = true };
        var command = new Command("backup", "Copy the SQLite database with the online backup API, then verify the copy (PRAGMA quick_check).") { output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build();
            var backup = new SqliteBackup(host.Services.GetRequiredService<Database>());
            try
            {
                var path = Path.GetFullPath(parse.GetValue(output)!);
                Console.Error.WriteLine($"Backing up to {path} …");
                var bytes = await backup.BackupAsync(path, cancellationToken);
                Console.WriteLine($"{path}: {bytes:N0} bytes, quick_check ok");
                return 0;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or InvalidDataException)
            {
                return CliOutput.Fail(ex.Message);
            }
        });
        return command;
    }

    public static Command Restore()
    {
        var file = new Argument<string>("file") { Description = "A file written by 'steward backup'." };
        var command = new Command("restore", "Verify a backup (PRAGMA quick_check) and copy it over the SQLite database. Stop the server first.") { file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build();
            var database = host.Services.GetRequiredService<Database>();
            try
            {
                await new SqliteBackup(database).RestoreAsync(parse.GetValue(file)!, cancellationToken);
                var applied = await host.Services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
                Console.WriteLine($"restored into {database.Description}" + (applied.Count > 0 ? $"; then applied {applied.Count} newer migration(s)" : ""));
                return 0;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or InvalidDataException)
            {
                return CliOutput.Fail(ex.Message);
            }
        });
        return command;
    }
}
