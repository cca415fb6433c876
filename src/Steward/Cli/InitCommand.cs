using System.CommandLine;
using Steward.Hosting;
using Steward.Security;

namespace Steward.Cli;

internal static class InitCommand
{
    public static Command Create()
    {
        var demo = new Option<bool>("--demo") { Description = "Create the demo org ('demo'): the demo admin password unless ADMIN_PASSWORD is set, the demo knowledge base and the sandbox shop's data." };
        var org = new Option<string?>("--org") { Description = "Org id to create (lower-case letters, digits, hyphens). Default: demo." };
        var name = new Option<string?>("--name") { Description = "Display name of the org." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("init", "Apply migrations, create an org with an admin user, and print the admin login and a new admin API key.")
        {
            demo, org, name, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var orgId = parse.GetValue(org) ?? Initializer.DemoOrg;
            if (!OrgStore.IsValidId(orgId))
            {
                return CliOutput.Fail($"'{orgId}' is not a valid org id: use lower-case letters, digits and hyphens.");
            }

            using var host = CliHost.Build();
            var initializer = host.Services.GetRequiredService<Initializer>();
            var isDemo = parse.GetValue(demo) || orgId == Initializer.DemoOrg;
            var result = await initializer.InitAsync(orgId, parse.GetValue(name) ?? (orgId == Initializer.DemoOrg ? "Demo shop" : orgId), isDemo, cancellationToken);
            if (isDemo)
            {
                await initializer.SeedDemoContentAsync(orgId, cancellationToken);
            }

            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(new { org = result.Org, admin_user = result.AdminUser, admin_password = result.AdminPassword, api_key = result.ApiKey });
            }
            else
            {
                Console.WriteLine($"org:            {result.Org}{(result.OrgCreated ? " (created)" : "")}");
                Console.WriteLine($"admin user:     {result.AdminUser}{(result.AdminCreated ? " (created)" : "")}");
                Console.WriteLine($"admin password: {result.AdminPassword ?? "(changed since it was created; not shown)"}");
                Console.WriteLine($"admin API key:  {result.ApiKey}   (shown once: store it now)");
            }

            return 0;
        });
        return command;
    }
}
