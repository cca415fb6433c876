using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Steward.Tools.Mcp;

/// <summary>
/// The tools of an org's external MCP servers, named <c>{server}__{tool}</c> and disabled until the org's policy
/// enables them. One connection per org and server, made on first use and replaced when the registration changes. A
/// server that cannot be reached contributes the tools it listed last (or none); it never breaks the listing.
/// </summary>
internal sealed class ExternalMcpToolSource(McpServerStore servers, IOptions<McpOptions> options, TimeProvider time, ILoggerFactory loggerFactory)
    : IToolSource, IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<(string OrgId, string Server), ExternalMcpConnection> _connections = new();

    public async ValueTask<IReadOnlyList<ToolDefinition>> ListAsync(string orgId, CancellationToken cancellationToken)
    {
        var registered = await servers.ListAsync(orgId, cancellationToken);
        await ForgetChangedAsync(orgId, registered);
        if (registered.Count == 0)
        {
            return [];
        }

        var tools = new List<ToolDefinition>();
        foreach (var server in registered)
        {
            var connection = _connections.GetOrAdd((orgId, server.Name), _ => new ExternalMcpConnection(server, servers, options.Value, time, loggerFactory));
            tools.AddRange(await connection.ToolsAsync(cancellationToken));
        }

        return tools;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var key in _connections.Keys)
        {
            if (_connections.TryRemove(key, out var connection))
            {
                await connection.DisposeAsync();
            }
        }
    }

    // A host disposed synchronously (a command's `using var host`) must still close the connections and end stdio children.
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task ForgetChangedAsync(string orgId, IReadOnlyList<McpServerRegistration> registered)
    {
        foreach (var ((org, name), connection) in _connections)
        {
            if (org == orgId && !registered.Any(server => server.Name == name && server.Fingerprint == connection.Server.Fingerprint) &&
                _connections.TryRemove(new KeyValuePair<(string, string), ExternalMcpConnection>((org, name), connection)))
            {
                await connection.DisposeAsync();
            }
        }
    }
}
