using System.CommandLine;
using Steward.Audit;
using Steward.Security;

namespace Steward.Cli;

internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Create, list and revoke API keys.");
        command.Subcommands.Add(CreateKey());
        command.Subcommands.Add(ListKeys());
        command.Subcommands.Add(RevokeKey());
        return command;
    }

    private static Option<string> OrgOption() => new("--org") { Description = "Org id.", Required = true };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON." };

    private static Command CreateKey()
    {
        var org = OrgOption();
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", Roles.All)}.", Required = true };
        var name = new Option<string?>("--name") { Description = "A label for the key." };
        var json = JsonOption();
        var command = new Command("create", "Create a key and print it once.") { org, role, name, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var roleValue = parse.GetValue(role)!;
            if (!Roles.IsValid(roleValue))
            {
                return CliOutput.Fail($"unknown role '{roleValue}': use one of {string.Join(", ", Roles.All)}.");
            }

            using var host = CliHost.Build();
            var orgId = parse.GetValue(org)!;
            if (await host.Services.GetRequiredService<OrgStore>().FindAsync(orgId, cancellationToken) is null)
            {
                return CliOutput.Fail($"no org '{orgId}': create it with 'steward init --org {orgId}'.");
            }

            var issued = await host.Services.GetRequiredService<ApiKeyStore>().CreateAsync(
                orgId, parse.GetValue(name) ?? $"{roleValue} key", roleValue, AuditActor.Cli, cancellationToken);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(new { key = issued.Key, id = issued.Info.Id, role = issued.Info.Role, prefix = issued.Info.Prefix });
            }
            else
            {
                Console.WriteLine(issued.Key);
            }

            return 0;
        });
        return command;
    }

    private static Command ListKeys()
    {
        var org = OrgOption();
        var json = JsonOption();
        var command = new Command("list", "List an org's keys (never their secrets).") { org, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build();
            var keys = await host.Services.GetRequiredService<ApiKeyStore>().ListAsync(parse.GetValue(org)!, cancellationToken);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(keys);
                return 0;
            }

            foreach (var key in keys)
            {
                var state = key.RevokedAt is null ? "active" : $"revoked {key.RevokedAt:yyyy-MM-dd HH:mm}";
                Console.WriteLine($"{key.Id}  {key.Prefix}…  {key.Role,-8} {state,-24} {key.Name}");
            }

            return 0;
        });
        return command;
    }

    private static Command RevokeKey()
    {
        var org = OrgOption();
        var id = new Argument<string>("id") { Description = "The key's id (from 'keys list')." };
        var command = new Command("revoke", "Revoke a key.") { org, id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build();
            var revoked = await host.Services.GetRequiredService<ApiKeyStore>().RevokeAsync(parse.GetValue(org)!, parse.GetValue(id)!, AuditActor.Cli, cancellationToken);
            return revoked ? 0 : CliOutput.Fail("no active key with that id in that org.");
        });
        return command;
    }
}
