using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Steward.Tests.Fixtures;

/// <summary>The MCP SDK's own client, against Steward over stdio (the real executable) or streamable HTTP.</summary>
public static class McpClients
{
    /// <summary>Runs <c>dotnet steward.dll mcp --org ORG</c> on the storage, with only a safe environment plus the storage's.</summary>
    public static Task<McpClient> StdioAsync(TestStorage storage, string clientName, string org = "demo")
    {
        var environment = StdioClientTransportOptions.GetDefaultEnvironmentVariables();
        foreach (var name in new[] { "DOTNET_ROOT" })
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }

        foreach (var (key, value) in storage.Environment())
        {
            environment[key] = value;
        }

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [Cli.StewardDll, "mcp", "--org", org],
            WorkingDirectory = AppContext.BaseDirectory,
            InheritEnvironmentVariables = false,
            EnvironmentVariables = environment!,
            Name = "steward",
        });
        return McpClient.CreateAsync(transport, Options(clientName));
    }

    public static Task<McpClient> HttpAsync(Uri baseAddress, string? apiKey, string clientName, bool getStream = true)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(baseAddress, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            EnableStandaloneGetStream = getStream,
            AdditionalHeaders = apiKey is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {apiKey}" },
        });
        return McpClient.CreateAsync(transport, Options(clientName));
    }

    public static Task<CallToolResult> CallAsync(this McpClient client, string tool, object arguments) =>
        client.CallToolAsync(new CallToolRequestParams
        {
            Name = tool,
            Arguments = JsonSerializer.SerializeToElement(arguments).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
        }).AsTask();

    public static string Text(this CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(block => block.Text));

    /// <summary>The error code Steward puts in a failed call's structured content.</summary>
    public static string? ErrorCode(this CallToolResult result) =>
        result.StructuredContent is { } content && content.TryGetProperty("error", out var error) ? error.GetProperty("code").GetString() : null;

    private static McpClientOptions Options(string clientName) => new()
    {
        ClientInfo = new Implementation { Name = clientName, Version = "1.0" },
        InitializationTimeout = TimeSpan.FromSeconds(60),
    };
}
