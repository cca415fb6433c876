using System.CommandLine;
using Microsoft.Extensions.Options;
using Steward.Hosting;

namespace Steward.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the Steward server (HOST, PORT, STEWARD_DATA_DIR; SQLite and the demo org by default).");
        command.SetAction(async (_, cancellationToken) =>
        {
            try
            {
                var app = StewardWebApp.Build([]);
                await app.RunAsync(cancellationToken);
                return 0;
            }
            catch (OptionsValidationException ex)
            {
                Console.Error.WriteLine("Steward cannot start:");
                foreach (var failure in ex.Failures)
                {
                    Console.Error.WriteLine($"  - {failure}");
                }

                return 1;
            }
        });
        return command;
    }
}
