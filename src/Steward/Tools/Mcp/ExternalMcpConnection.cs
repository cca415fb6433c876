using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Steward.Hosting;

namespace Steward.Tools.Mcp;

/// <summary>
/// One org's connection to one external MCP server: connected on first use, its tool list cached for
/// <see cref="McpOptions.ExternalToolsCacheFor"/>. After a failure the last tools it listed stay known (so calling one
/// says the server is unavailable rather than that the tool does not exist), and reconnecting waits
/// <see cref="McpOptions.ExternalRetryAfter"/>, so a server that is down costs one attempt, not one per listing.
/// </summary>
internal sealed partial class ExternalMcpConnection(
    McpServerRegistration server, McpServerStore store, McpOptions options, TimeProvider time, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    public const string Separator = "__";
    public const string UnavailableCode = "server_unavailable";
    public const string RemoteErrorCode = "remote_error";

    private readonly ILogger _logger = loggerFactory.CreateLogger<ExternalMcpConnection>();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private McpClient? _client;
    private IReadOnlyList<ToolDefinition> _tools = [];
    private DateTimeOffset? _listedAt;
    private DateTimeOffset? _failedAt;

    public McpServerRegistration Server { get; } = server;

    /// <summary>The server's tools as registry entries; the last known ones (or none) when it cannot be reached.</summary>
    public async ValueTask<IReadOnlyList<ToolDefinition>> ToolsAsync(CancellationToken cancellationToken)
    {
        if (IsFresh() || InBackoff())
        {
            return _tools;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (IsFresh() || InBackoff())
            {
                return _tools;
            }

            // A cached client may have lost its session (the server restarted): one retry on a fresh connection.
            for (var attempt = 0; ; attempt++)
            {
                var reused = _client is not null;
                try
                {
                    using var timeout = Timeout(cancellationToken);
                    var client = _client ??= await ConnectAsync(timeout.Token);
                    var listed = await client.ListToolsAsync(cancellationToken: timeout.Token);
                    _tools = [.. listed.Select(tool => ToDefinition(tool.ProtocolTool)).OfType<ToolDefinition>()];
                    _listedAt = time.GetUtcNow();
                    _failedAt = null;
                    return _tools;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    await DropClientAsync();
                    if (reused && attempt == 0)
                    {
                        continue;
                    }

                    _failedAt = time.GetUtcNow();
                    LogUnavailable(_logger, ex, Server.Name, Server.OrgId);
                    return _tools;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Calls a tool on the server. Not retried: a write that failed half-way must not run twice.</summary>
    public async ValueTask<ToolResult> CallAsync(string tool, JsonElement arguments, CancellationToken cancellationToken)
    {
        if (InBackoff())
        {
            return Unavailable();
        }

        try
        {
            using var timeout = Timeout(cancellationToken);
            McpClient client;
            await _gate.WaitAsync(timeout.Token);
            try
            {
                client = _client ??= await ConnectAsync(timeout.Token);
            }
            finally
            {
                _gate.Release();
            }

            var request = new CallToolRequestParams
            {
                Name = tool,
                Arguments = arguments.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.Clone(), StringComparer.Ordinal),
            };
            return ToResult(await client.CallToolAsync(request, timeout.Token));
        }
        catch (McpProtocolException ex)
        {
            // The server answered, with a JSON-RPC error (unknown tool, invalid arguments …).
            return ToolResult.Failure(RemoteErrorCode, Limit($"The {Server.Name} server refused the call: {ex.Message}"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(_logger, ex, Server.Name, Server.OrgId);
            await DropClientAsync();
            _listedAt = null;
            return Unavailable();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropClientAsync();
        _gate.Dispose();
    }

    private bool IsFresh() => _listedAt is { } listed && time.GetUtcNow() - listed < options.ExternalToolsCacheFor;

    private bool InBackoff() => _failedAt is { } failed && time.GetUtcNow() - failed < options.ExternalRetryAfter;

    private CancellationTokenSource Timeout(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(options.ExternalTimeout);
        return source;
    }

    private ToolResult Unavailable() => ToolResult.Failure(UnavailableCode,
        $"The external tool server '{Server.Name}' could not be reached, so nothing was done there. Please try again later.");

    private async Task<McpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        IClientTransport transport = Server.Transport == McpTransport.Http
            ? new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = Server.Url!,
                Name = Server.Name,
                ConnectionTimeout = options.ExternalTimeout,
                EnableStandaloneGetStream = false,
                AdditionalHeaders = store.TokenOf(Server) is { } token ? new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" } : null,
            }, loggerFactory)
            : new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = Server.Command!,
                Arguments = [.. Server.Arguments],
                Name = Server.Name,
                // Only PATH, HOME and the like: never SECRET_KEY or the database URL.
                InheritEnvironmentVariables = false,
                EnvironmentVariables = StdioClientTransportOptions.GetDefaultEnvironmentVariables()!,
                ShutdownTimeout = TimeSpan.FromSeconds(5),
            }, loggerFactory);
        return await McpClient.CreateAsync(transport, new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "steward", Version = ServerOptions.Version },
            InitializationTimeout = options.ExternalTimeout,
        }, loggerFactory, cancellationToken);
    }

    private async ValueTask DropClientAsync()
    {
        if (Interlocked.Exchange(ref _client, null) is { } client)
        {
            await client.DisposeAsync();
        }
    }

    private ToolDefinition? ToDefinition(Tool tool)
    {
        if (!RemoteNamePattern().IsMatch(tool.Name))
        {
            LogSkippedTool(_logger, Server.Name, Server.OrgId);
            return null;
        }

        var access = tool.Annotations?.ReadOnlyHint == true ? ToolAccess.Read : ToolAccess.Write;
        var schema = tool.InputSchema.ValueKind == JsonValueKind.Object ? tool.InputSchema.Clone() : ToolArguments.EmptyObject;
        var description = string.IsNullOrWhiteSpace(tool.Description) ? $"{tool.Title ?? tool.Name} (from the {Server.Name} MCP server)." : tool.Description;
        return new ToolDefinition(
            Server.Name + Separator + tool.Name,
            Limit(description),
            schema,
            access,
            new ToolPolicy(Enabled: false, RequiresApproval: access == ToolAccess.Write, CallsPerMinute: access == ToolAccess.Read ? 600 : 60),
            Server.Name,
            (_, arguments, cancellationToken) => CallAsync(tool.Name, arguments, cancellationToken));
    }

    private ToolResult ToResult(CallToolResult result)
    {
        var text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(block => block.Text));
        if (result.IsError == true)
        {
            return ToolResult.Failure(RemoteErrorCode, Limit(text.Length > 0 ? text : $"The {Server.Name} server reported an error without saying why."));
        }

        if (result.StructuredContent is { } structured)
        {
            return new ToolResult(structured.Clone(), null);
        }

        return new ToolResult(ParseJson(text) ?? JsonSerializer.SerializeToElement(new { text }, ToolResult.Json), null);
    }

    private static JsonElement? ParseJson(string text)
    {
        if (text.TrimStart() is not ['{', ..] and not ['[', ..])
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Limit(string text) => text.Length <= 2000 ? text : text[..2000] + "…";

    /// <summary>MCP's tool-name alphabet, short enough that <c>{server}__{tool}</c> stays under 100 characters.</summary>
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex RemoteNamePattern();

    [LoggerMessage(Level = LogLevel.Warning, Message = "External MCP server {Server} of org {OrgId} could not be reached or did not answer")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string server, string orgId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "External MCP server {Server} of org {OrgId} offers a tool whose name is not allowed; it was skipped")]
    private static partial void LogSkippedTool(ILogger logger, string server, string orgId);
}
