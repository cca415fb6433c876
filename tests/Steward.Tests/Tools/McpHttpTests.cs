using System.Net;
using System.Net.Http.Json;
using System.Text;
using ModelContextProtocol;
using Steward.Tests.Fixtures;
using Steward.Tools;

namespace Steward.Tests.Tools;

/// <summary><c>/mcp</c> over streamable HTTP with an API key, driven by the MCP SDK's own client.</summary>
public class McpHttpTests
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private const string ListTools = """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""";

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Lists_and_calls_the_orgs_tools_and_every_call_is_in_the_ledger(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        await server.Services.GetRequiredService<Steward.Hosting.Initializer>().SeedDemoContentAsync("demo");
        string? sessionId;
        await using (var client = await McpClients.HttpAsync(server.BaseAddress, server.Demo.ApiKey, "http-test"))
        {
            sessionId = client.SessionId;
            Assert.False(string.IsNullOrEmpty(sessionId));
            Assert.Equal(ToolRegistryTests.CommerceToolNames.Order(), (await client.ListToolsAsync()).Select(tool => tool.Name).Order());

            var orders = await client.CallAsync("list_orders", new { limit = 2 });
            Assert.True(orders.IsError != true, orders.Text());
            var orderId = orders.StructuredContent!.Value.GetProperty("orders")[1].GetProperty("order_id").GetString()!;
            var found = await client.CallAsync("lookup_order", new { order_id = orderId });
            Assert.True(found.IsError != true, found.Text());
            Assert.Equal(orderId, found.StructuredContent!.Value.GetProperty("order_id").GetString());

            var missing = await client.CallAsync("lookup_order", new { order_id = "20000101-0000001" });
            Assert.True(missing.IsError);
            Assert.Equal("order_not_found", missing.ErrorCode());
            Assert.Contains("찾을 수 없습니다", missing.Text());

            var ticket = await client.CallAsync("create_ticket", new { subject = "Refund", body = "The customer wants a refund." });
            Assert.True(ticket.IsError != true, ticket.Text());
            Assert.StartsWith("TK-", ticket.StructuredContent!.Value.GetProperty("ticket_id").GetString());

            var invalid = await client.CallAsync("lookup_order", new { order = "x" });
            Assert.Equal(ToolErrorCodes.InvalidArguments, invalid.ErrorCode());

            var unknown = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallAsync("no_such_tool", new { }));
            Assert.Contains("no_such_tool", unknown.Message);
        }

        var ledger = await server.Services.GetRequiredService<ToolCallLedger>().QueryAsync("demo", new ToolCallQuery(CallerId: "http-test"), CancellationToken.None);
        Assert.Equal(["list_orders", "lookup_order", "lookup_order", "create_ticket", "lookup_order", "no_such_tool"], ledger.Select(e => e.Tool).Reverse());
        Assert.All(ledger, entry => Assert.Equal(("mcp", "automatic", sessionId), (entry.CallerType, entry.Mode, entry.SessionId)));
        Assert.Equal(["ok", "ok", "error", "ok", "error", "blocked"], ledger.Select(e => e.Outcome).Reverse());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Turned_off_tools_and_writes_that_need_approval_are_errors_the_client_can_read(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        var off = await server.Client.PutAsJsonAsync("/api/tools/lookup_order/policy", new { enabled = false });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);

        await using var client = await McpClients.HttpAsync(server.BaseAddress, server.Demo.ApiKey, "http-policy");
        var names = (await client.ListToolsAsync()).Select(tool => tool.Name).ToList();
        Assert.DoesNotContain("lookup_order", names);
        Assert.Contains("update_order_shipping_address", names);

        var blocked = await client.CallAsync("lookup_order", new { order_id = "20240101-0000123" });
        Assert.True(blocked.IsError);
        Assert.Equal(ToolErrorCodes.Disabled, blocked.ErrorCode());

        var pending = await client.CallAsync("update_order_shipping_address",
            new { order_id = "20240101-0000123", recipient = "김민수", phone = "010-1234-5678", address = "서울 강남구 테헤란로 1, 101호" });
        Assert.True(pending.IsError);
        Assert.Equal(ToolErrorCodes.ApprovalRequired, pending.ErrorCode());
        var approvalId = pending.StructuredContent!.Value.GetProperty("approval_id").GetString();
        Assert.StartsWith("apr_", approvalId);
        var approvals = await server.Services.GetRequiredService<ToolApprovals>().ListAsync("demo", ApprovalStatus.Pending, 10, CancellationToken.None);
        Assert.Equal(("mcp", "http-policy"), (Assert.Single(approvals).CallerType, approvals[0].CallerId));

        var ledger = await server.Services.GetRequiredService<ToolCallLedger>().QueryAsync("demo", new ToolCallQuery(CallerId: "http-policy"), CancellationToken.None);
        Assert.Equal(["approval_required", "disabled"], ledger.Select(e => e.Decision));
    }

    [Fact]
    public async Task Mcp_needs_an_agent_or_admin_key()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        using var anonymous = server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, Initialize)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/mcp")).StatusCode);

        using var viewer = server.CreateClient(await server.CreateKeyAsync("viewer"));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(viewer, Initialize)).StatusCode);

        await using var agent = await McpClients.HttpAsync(server.BaseAddress, await server.CreateKeyAsync("agent"), "agent-client");
        Assert.Equal(12, (await agent.ListToolsAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_session_belongs_to_the_key_that_opened_it_and_each_org_sees_its_own_tools(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        var otherKey = await server.CreateOrgAsync("other-shop");
        await server.Services.GetRequiredService<ToolPolicyStore>().SetAsync(
            "other-shop", "list_boards", new ToolPolicy(false, false, 0), Steward.Audit.AuditActor.System, CancellationToken.None);

        await using var demo = await McpClients.HttpAsync(server.BaseAddress, server.Demo.ApiKey, "demo-client");
        await demo.ListToolsAsync();
        var sessionId = demo.SessionId!;

        using var other = server.CreateClient(otherKey);
        using var sameOrgOtherKey = server.CreateClient(await server.CreateKeyAsync("agent"));
        foreach (var intruder in new[] { other, sameOrgOtherKey })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(intruder, ListTools, sessionId)).StatusCode);
            using var delete = new HttpRequestMessage(HttpMethod.Delete, "/mcp") { Headers = { { "Mcp-Session-Id", sessionId } } };
            Assert.Equal(HttpStatusCode.NotFound, (await intruder.SendAsync(delete)).StatusCode);
        }

        Assert.Equal(12, (await demo.ListToolsAsync()).Count);
        await using var otherClient = await McpClients.HttpAsync(server.BaseAddress, otherKey, "other-client");
        Assert.DoesNotContain("list_boards", (await otherClient.ListToolsAsync()).Select(tool => tool.Name));
        Assert.Equal(ToolErrorCodes.Disabled, (await otherClient.CallAsync("list_boards", new { })).ErrorCode());
        Assert.Empty(await server.Services.GetRequiredService<ToolCallLedger>().QueryAsync("demo", new ToolCallQuery(CallerId: "other-client"), CancellationToken.None));
        Assert.Single(await server.Services.GetRequiredService<ToolCallLedger>().QueryAsync("other-shop", new ToolCallQuery(CallerId: "other-client"), CancellationToken.None));
    }

    [Fact]
    public async Task Sessions_end_on_delete_and_when_idle()
    {
        var clock = new FrozenClock(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(Backends.Sqlite, services: services => FrozenClock.Install(services, clock));
        var sessions = server.Services.GetRequiredService<Steward.Tools.Mcp.McpSessions>();

        await (await McpClients.HttpAsync(server.BaseAddress, server.Demo.ApiKey, "short-lived")).DisposeAsync();
        Assert.Equal(0, sessions.Count);

        await using var idle = await McpClients.HttpAsync(server.BaseAddress, server.Demo.ApiKey, "idle", getStream: false);
        await idle.ListToolsAsync();
        Assert.Equal(0, await sessions.CloseIdleAsync());
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(1, await sessions.CloseIdleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(server.Client, ListTools, idle.SessionId)).StatusCode);
    }

    [Fact]
    public async Task Only_initialize_opens_a_session_and_the_client_must_accept_event_streams()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(server.Client, ListTools)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(server.Client, ListTools, "no-such-session")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(server.Client, "{not json")).StatusCode);
        using var jsonOnly = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(Initialize, Encoding.UTF8, "application/json") };
        jsonOnly.Headers.Accept.ParseAdd("application/json");
        Assert.Equal(HttpStatusCode.NotAcceptable, (await server.Client.SendAsync(jsonOnly)).StatusCode);
        using var text = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(Initialize, Encoding.UTF8, "text/plain") };
        text.Headers.Accept.ParseAdd("application/json");
        text.Headers.Accept.ParseAdd("text/event-stream");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await server.Client.SendAsync(text)).StatusCode);

        var opened = await PostAsync(server.Client, Initialize);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal("text/event-stream", opened.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"serverInfo\":{\"name\":\"steward\"", await opened.Content.ReadAsStringAsync());
        Assert.Single(opened.Headers.GetValues("Mcp-Session-Id"));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string json, string? sessionId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }

        return await client.SendAsync(request);
    }
}
