using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Steward.Storage;
using Steward.Tests.Fixtures;
using Steward.Tools;

namespace Steward.Tests.Tools;

/// <summary>
/// An org registers an external MCP server — here a second, real Steward reached over <c>/mcp</c> with its API key — and
/// its tools join the org's registry, disabled until a policy enables them.
/// </summary>
public class McpExternalServerTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task An_external_servers_tools_join_the_registry_disabled_and_run_once_enabled(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        await using var partner = await TestServer.StartAsync(Backends.Sqlite);
        var partnerKey = await partner.CreateKeyAsync("agent");

        var added = await server.Client.PostAsJsonAsync("/api/mcp/servers",
            new { name = "partner", transport = "http", url = new Uri(partner.BaseAddress, "/mcp"), bearer_token = partnerKey });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var view = await TestServer.ReadAsync<JsonElement>(added);
        Assert.True(view.GetProperty("has_token").GetBoolean());
        Assert.DoesNotContain(partnerKey, view.GetRawText());
        Assert.DoesNotContain(partnerKey, await server.Client.GetStringAsync("/api/mcp/servers"));
        Assert.DoesNotContain(partnerKey, await server.Client.GetStringAsync("/api/audit?action=mcp.server"));
        await using (var connection = await server.Services.GetRequiredService<Database>().OpenAsync())
        {
            var stored = await connection.QuerySingleAsync<string>("SELECT secret_protected FROM mcp_servers WHERE org_id = 'demo' AND name = 'partner'");
            Assert.StartsWith("v1:", stored);
            Assert.DoesNotContain(partnerKey, stored);
        }

        var tools = await server.Client.GetFromJsonAsync<JsonElement>("/api/tools");
        var remote = tools.EnumerateArray().Where(tool => tool.GetProperty("source").GetString() == "partner").ToList();
        Assert.Equal(ToolRegistryTests.CommerceToolNames.Select(name => "partner__" + name).Order(), remote.Select(tool => tool.GetProperty("name").GetString()).Order());
        Assert.All(remote, tool => Assert.False(tool.GetProperty("policy").GetProperty("enabled").GetBoolean()));
        var ticketTool = remote.Single(tool => tool.GetProperty("name").GetString() == "partner__create_ticket");
        Assert.Equal("write", ticketTool.GetProperty("access").GetString());
        Assert.True(ticketTool.GetProperty("policy").GetProperty("requires_approval").GetBoolean());
        Assert.Equal("read", remote.Single(tool => tool.GetProperty("name").GetString() == "partner__lookup_order").GetProperty("access").GetString());

        var ticket = new { arguments = new { subject = "Exchange", body = "Wrong size delivered." } };
        Assert.Equal("disabled", (await CallAsync(server, "partner__create_ticket", ticket)).GetProperty("decision").GetString());

        Assert.Equal(HttpStatusCode.OK, (await server.Client.PutAsJsonAsync("/api/tools/partner__create_ticket/policy", new { enabled = true, requires_approval = false })).StatusCode);
        var created = await CallAsync(server, "partner__create_ticket", ticket);
        Assert.True(created.GetProperty("ok").GetBoolean(), created.GetRawText());
        Assert.StartsWith("TK-", created.GetProperty("data").GetProperty("ticket_id").GetString());

        // The partner ran it as an MCP call by "steward"; Steward's own ledger has the call by the demo org's key.
        var partnerCall = Assert.Single(await partner.Services.GetRequiredService<ToolCallLedger>().QueryAsync("demo", new ToolCallQuery(), CancellationToken.None));
        Assert.Equal(("create_ticket", "mcp", "steward", "ok"), (partnerCall.Tool, partnerCall.CallerType, partnerCall.CallerId, partnerCall.Outcome));
        var ours = await server.Services.GetRequiredService<ToolCallLedger>().QueryAsync("demo", new ToolCallQuery(Tool: "partner__create_ticket"), CancellationToken.None);
        Assert.Equal(["ok", "blocked"], ours.Select(entry => entry.Outcome));

        // The same remote tool over Steward's own /mcp: listed once enabled, called through the same policy and ledger.
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PutAsJsonAsync("/api/tools/partner__lookup_order/policy", new { enabled = true })).StatusCode);
        await using (var client = await McpClients.HttpAsync(server.BaseAddress, server.Demo.ApiKey, "chained"))
        {
            var listed = (await client.ListToolsAsync()).Select(tool => tool.Name).ToList();
            Assert.Contains("partner__lookup_order", listed);
            Assert.DoesNotContain("partner__list_orders", listed);
            var refused = await client.CallAsync("partner__lookup_order", new { order_id = "bad" });
            Assert.True(refused.IsError);
            Assert.Equal("remote_error", refused.ErrorCode());
            Assert.Contains("주문번호 형식이 아닙니다", refused.Text());
        }

        await partner.DisposeAsync();
        var down = await CallAsync(server, "partner__lookup_order", new { arguments = new { order_id = "20240101-0000123" } });
        Assert.Equal("server_unavailable", down.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("could not be reached", down.GetProperty("error").GetProperty("message").GetString());
        var stillListed = (await server.Client.GetFromJsonAsync<JsonElement>("/api/tools")).EnumerateArray().Select(tool => tool.GetProperty("name").GetString()!).ToList();
        Assert.Superset(ToolRegistryTests.CommerceToolNames.ToHashSet(), stillListed.ToHashSet());
        Assert.Single(await server.Services.GetRequiredService<ToolCallLedger>().QueryAsync("demo",
            new ToolCallQuery(Tool: "partner__lookup_order", Outcome: "error", CallerId: null), CancellationToken.None), entry => entry.ErrorCode == "server_unavailable");
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_server_that_is_down_never_breaks_the_listing_and_deleting_it_removes_its_tools(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        var closedPort = new Uri($"http://127.0.0.1:{FreePort()}/mcp");
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsJsonAsync("/api/mcp/servers", new { name = "gone", transport = "http", url = closedPort })).StatusCode);

        var names = (await server.Client.GetFromJsonAsync<JsonElement>("/api/tools")).EnumerateArray().Select(tool => tool.GetProperty("name").GetString()).ToList();
        Assert.Equal(ToolRegistryTests.CommerceToolNames.Order(), names.Order());
        await using (var client = await McpClients.HttpAsync(server.BaseAddress, server.Demo.ApiKey, "while-down"))
        {
            Assert.Equal(12, (await client.ListToolsAsync()).Count);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await server.Client.PostAsJsonAsync("/api/mcp/servers", new { name = "gone", transport = "http", url = closedPort })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.DeleteAsync("/api/mcp/servers/gone")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.DeleteAsync("/api/mcp/servers/gone")).StatusCode);
        Assert.Equal("[]", await server.Client.GetStringAsync("/api/mcp/servers"));
        var audit = await server.Client.GetFromJsonAsync<JsonElement>("/api/audit?action=mcp.server");
        Assert.Equal(["mcp.server.delete", "mcp.server.add"], audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Registrations_are_validated_and_only_admins_manage_them()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        var problems = new (object Body, string Field)[]
        {
            (new { name = "Bad Name", transport = "http", url = "http://127.0.0.1:1/mcp" }, "name"),
            (new { name = "a__b", transport = "http", url = "http://127.0.0.1:1/mcp" }, "name"),
            (new { name = "x", transport = "carrier-pigeon" }, "transport"),
            (new { name = "x", transport = "http", url = "ftp://example.com/mcp" }, "url"),
            (new { name = "x", transport = "http", url = "http://user:pw@127.0.0.1/mcp" }, "url"),
            (new { name = "x", transport = "http", url = "http://example.com/mcp", bearer_token = "secret" }, "url"),
            (new { name = "x", transport = "stdio", command = "sh", args = new[] { "-c", "id" } }, "command"),
        };
        foreach (var (body, field) in problems)
        {
            var response = await server.Client.PostAsJsonAsync("/api/mcp/servers", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await TestServer.ReadAsync<JsonElement>(response)).GetProperty("errors").TryGetProperty(field, out _), $"{field}: {JsonSerializer.Serialize(body)}");
        }

        using var agent = server.CreateClient(await server.CreateKeyAsync("agent"));
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/mcp/servers")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/mcp/servers", new { name = "x", transport = "http", url = "https://example.com/mcp" })).StatusCode);
    }

    [Fact]
    public async Task Stdio_servers_run_only_commands_the_operator_allowed()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite, new Dictionary<string, string?> { ["Steward:Mcp:AllowedStdioCommands:0"] = "false" });
        Assert.Equal(HttpStatusCode.BadRequest,
            (await server.Client.PostAsJsonAsync("/api/mcp/servers", new { name = "shell", transport = "stdio", command = "sh" })).StatusCode);

        // An allowed command that is no MCP server: its tools are simply absent, the built-in ones still listed.
        Assert.Equal(HttpStatusCode.Created,
            (await server.Client.PostAsJsonAsync("/api/mcp/servers", new { name = "broken", transport = "stdio", command = "false" })).StatusCode);
        var names = (await server.Client.GetFromJsonAsync<JsonElement>("/api/tools")).EnumerateArray().Select(tool => tool.GetProperty("name").GetString());
        Assert.Equal(ToolRegistryTests.CommerceToolNames.Order(), names.Order());
    }

    private static async Task<JsonElement> CallAsync(TestServer server, string tool, object body)
    {
        var response = await server.Client.PostAsJsonAsync($"/api/tools/{tool}/call", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TestServer.ReadAsync<JsonElement>(response);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
