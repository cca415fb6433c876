using System.CommandLine;
using ModelContextProtocol.Server;
using Steward.Security;
using Steward.Storage;
using Steward.Tools.Mcp;

namespace Steward.Cli;

/// <summary>
/// <c>steward mcp --org ORG</c>: the org's tools as an MCP server over stdio, until stdin closes. Standard output
/// carries MCP messages and nothing else; every log line and message for a person goes to standard error.
/// </summary>
internal static class McpCommand
{
    public static Command Create()
    {
        var org = new Option<string>("--org") { Description = "Org id whose tools to serve.", Required = true };
        var command = new Command("mcp", "Serve an org's tools over MCP on stdin/stdout (for Claude Desktop and other MCP clients).") { org };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var host = CliHost.Build();
            try
            {
                var orgId = parse.GetValue(org)!;
                try
                {
                    if ((await host.Services.GetRequiredService<Migrator>().PendingAsync(cancellationToken)).Count > 0)
                    {
                        return CliOutput.Fail("the database is not set up or not up to date: run 'steward init' (or 'steward migrate') first.");
                    }

                    if (await host.Services.GetRequiredService<OrgStore>().FindAsync(orgId, cancellationToken) is null)
                    {
                        return CliOutput.Fail($"no org '{orgId}': create it with 'steward init --org {orgId}'.");
                    }
                }
                catch (System.Data.Common.DbException ex)
                {
                    return CliOutput.Fail($"cannot read the database: {ex.Message}");
                }

                var loggerFactory = host.Services.GetRequiredService<ILoggerFactory>();
                var options = host.Services.GetRequiredService<McpToolServer>().CreateOptions(orgId);
                await using var server = McpServer.Create(new StdioServerTransport(options, loggerFactory), options, loggerFactory, host.Services);
                await server.RunAsync(cancellationToken);
                return 0;
            }
            finally
            {
                // Asynchronously: external MCP clients (and the processes of stdio servers) end with the host.
                await ((IAsyncDisposable)host).DisposeAsync();
            }
        });
        return command;
    }
}
