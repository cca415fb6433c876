using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Steward.Audit;
using Steward.Security;
using Steward.Storage;

namespace Steward.Tools.Mcp;

public enum McpTransport
{
    Stdio,
    Http,
}

/// <summary>An external MCP server an org registered. The bearer token stays sealed until a connection needs it.</summary>
public sealed record McpServerRegistration(
    string OrgId, string Name, McpTransport Transport, string? Command, IReadOnlyList<string> Arguments, Uri? Url, string? SealedToken,
    DateTimeOffset CreatedAt, string? CreatedBy)
{
    public bool HasToken => SealedToken is not null;

    /// <summary>Changes whenever the registration does (also when it is deleted and added again), so cached clients are dropped.</summary>
    public string Fingerprint { get; } = string.Join('\n',
        [Transport.ToString(), Command ?? "", .. Arguments, Url?.ToString() ?? "", SealedToken ?? "", CreatedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)]);
}

/// <summary>
/// The <c>mcp_servers</c> table. Each instance caches an org's list for <see cref="CacheFor"/>, so a change made on
/// another instance applies within that time; a change made here applies at once. Changes are audited.
/// </summary>
public sealed class McpServerStore(Database database, SecretBox secrets, AuditLog audit, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private const string TokenPurpose = "steward/mcp-server-token";

    private readonly ConcurrentDictionary<string, (DateTimeOffset LoadedAt, IReadOnlyList<McpServerRegistration> Servers)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<IReadOnlyList<McpServerRegistration>> ListAsync(string orgId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(orgId, out var cached) && time.GetUtcNow() - cached.LoadedAt < CacheFor)
        {
            return cached.Servers;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            """
            SELECT org_id, name, transport, command, arguments, url, secret_protected, created_at, created_by
            FROM mcp_servers WHERE org_id = @orgId ORDER BY name
            """,
            new { orgId });
        var servers = rows.Select(ToRegistration).ToList();
        _cache[orgId] = (time.GetUtcNow(), servers);
        return servers;
    }

    /// <summary>Adds a server; null when the org already has one of that name.</summary>
    public async Task<McpServerRegistration?> AddAsync(
        string orgId, string name, McpTransport transport, string? command, IReadOnlyList<string> arguments, Uri? url, string? token, AuditActor actor,
        CancellationToken cancellationToken)
    {
        var sealedToken = token is null ? null : secrets.Seal(TokenPurpose, token, AssociatedData(orgId, name));
        var registration = new McpServerRegistration(orgId, name, transport, command, arguments, url, sealedToken, time.GetUtcNow(), $"{actor.Type}:{actor.Id}");
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            var inserted = await connection.ExecuteAsync(
                """
                INSERT INTO mcp_servers (org_id, name, transport, command, arguments, url, secret_protected, created_at, created_by)
                VALUES (@OrgId, @Name, @transport, @Command, @arguments, @url, @SealedToken, @CreatedAt, @CreatedBy)
                ON CONFLICT (org_id, name) DO NOTHING
                """,
                new
                {
                    registration.OrgId, registration.Name, transport = Names.SnakeCase(transport), registration.Command,
                    arguments = JsonSerializer.Serialize(arguments), url = url?.ToString(), registration.SealedToken, registration.CreatedAt,
                    registration.CreatedBy,
                });
            if (inserted == 0)
            {
                return null;
            }
        }

        _cache.TryRemove(orgId, out _);
        await audit.WriteAsync(new AuditEntry(orgId, actor, "mcp.server.add", "success", name, new Dictionary<string, string?>
        {
            ["transport"] = Names.SnakeCase(transport),
            ["command"] = command,
            ["url"] = url?.GetLeftPart(UriPartial.Path),
            ["has_token"] = token is null ? "false" : "true",
        }), cancellationToken);
        return registration;
    }

    public async Task<bool> DeleteAsync(string orgId, string name, AuditActor actor, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            if (await connection.ExecuteAsync("DELETE FROM mcp_servers WHERE org_id = @orgId AND name = @name", new { orgId, name }) == 0)
            {
                return false;
            }
        }

        _cache.TryRemove(orgId, out _);
        await audit.WriteAsync(new AuditEntry(orgId, actor, "mcp.server.delete", "success", name), cancellationToken);
        return true;
    }

    /// <summary>The bearer token in clear, for the connection that sends it; null when the server has none.</summary>
    public string? TokenOf(McpServerRegistration server) =>
        server.SealedToken is null ? null : secrets.Open(TokenPurpose, server.SealedToken, AssociatedData(server.OrgId, server.Name));

    private static string AssociatedData(string orgId, string name) => $"mcp_servers:{orgId}:{name}";

    private static McpServerRegistration ToRegistration(Row row) => new(
        row.OrgId, row.Name, Enum.Parse<McpTransport>(row.Transport, ignoreCase: true), row.Command,
        row.Arguments is null ? [] : JsonSerializer.Deserialize<string[]>(row.Arguments) ?? [], row.Url is null ? null : new Uri(row.Url),
        row.SecretProtected, row.CreatedAt, row.CreatedBy);

    private sealed record Row(
        string OrgId, string Name, string Transport, string? Command, string? Arguments, string? Url, string? SecretProtected, DateTimeOffset CreatedAt,
        string? CreatedBy);
}
