using System.CommandLine;

namespace Steward.Cli;

public static class StewardCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Steward: AI assistants that answer customers and staff, and act on their behalf, safely.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(BackupCommands.Backup());
        root.Subcommands.Add(BackupCommands.Restore());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(IntentsCommand.Create());
        root.Subcommands.Add(KbCommand.Create());
        root.Subcommands.Add(McpCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        return root;
    }
}
