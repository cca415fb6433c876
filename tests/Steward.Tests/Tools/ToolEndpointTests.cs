using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Steward.Hosting;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Tools;

/// <summary>The tools over HTTP in the demo org: list, call, policies, the ledger, approvals and tickets, with their roles.</summary>
public class ToolEndpointTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(Backends.Sqlite);
        await _server.Services.GetRequiredService<Initializer>().SeedDemoContentAsync(Initializer.DemoOrg);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement> CallAsync(string tool, object arguments, HttpClient? client = null, string? mode = null)
    {
        var response = await (client ?? _server.Client).PostAsJsonAsync($"/api/tools/{tool}/call", new { arguments, mode });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TestServer.ReadAsync<JsonElement>(response);
    }

    [Fact]
    public async Task The_demo_org_lists_the_twelve_tools_with_schemas_and_policies()
    {
        var tools = await _server.Client.GetFromJsonAsync<JsonElement>("/api/tools");
        Assert.Equal(ToolRegistryTests.CommerceToolNames.Order(), tools.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Order());
        var lookup = tools.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "lookup_order");
        Assert.Equal("read", lookup.GetProperty("access").GetString());
        Assert.True(lookup.GetProperty("input_schema").GetProperty("properties").TryGetProperty("order_id", out _));
        Assert.True(lookup.GetProperty("policy").GetProperty("enabled").GetBoolean());
        Assert.True(lookup.GetProperty("policy_is_default").GetBoolean());

        var viewer = _server.CreateClient(await _server.CreateKeyAsync("viewer"));
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/tools")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.CreateClient().GetAsync("/api/tools")).StatusCode);
    }

    [Fact]
    public async Task Recent_orders_then_one_order_by_number()
    {
        var recent = await CallAsync("list_orders", new { });
        Assert.True(recent.GetProperty("ok").GetBoolean());
        var orderId = recent.GetProperty("data").GetProperty("orders")[0].GetProperty("order_id").GetString()!;

        var order = await CallAsync("lookup_order", new { order_id = orderId });
        Assert.Equal(orderId, order.GetProperty("data").GetProperty("order_id").GetString());
        Assert.Equal("allowed", order.GetProperty("decision").GetString());
        Assert.True(order.GetProperty("call_id").GetInt64() > 0);

        var missing = await CallAsync("lookup_order", new { order_id = "20200101-0000001" });
        Assert.False(missing.GetProperty("ok").GetBoolean());
        Assert.Equal("order_not_found", missing.GetProperty("error").GetProperty("code").GetString());

        var calls = await _server.Client.GetFromJsonAsync<JsonElement>("/api/tools/calls?tool=lookup_order&limit=10");
        Assert.Equal(2, calls.GetArrayLength());
        Assert.Equal("error", calls[0].GetProperty("outcome").GetString());
        Assert.Equal("api_key", calls[0].GetProperty("caller_type").GetString());
    }

    [Fact]
    public async Task Bad_requests_are_problems_and_change_nothing()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Client.PostAsJsonAsync("/api/tools/no_such_tool/call", new { arguments = new { } })).StatusCode);
        var malformed = await _server.Client.PostAsync("/api/tools/lookup_order/call", new StringContent("{\"arguments\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.Client.PostAsJsonAsync("/api/tools/lookup_order/call", new { argumentz = new { } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.Client.PutAsJsonAsync("/api/tools/lookup_order/policy", new { calls_per_minute = -1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Client.PutAsJsonAsync("/api/tools/no_such_tool/policy", new { enabled = false })).StatusCode);
        Assert.True((await CallAsync("list_boards", new { })).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Admins_set_policies_agents_cannot_and_a_disabled_tool_is_blocked()
    {
        var agent = _server.CreateClient(await _server.CreateKeyAsync("agent"));
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PutAsJsonAsync("/api/tools/read_product/policy", new { enabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/tools/calls")).StatusCode);

        var set = await _server.Client.PutAsJsonAsync("/api/tools/read_product/policy", new { enabled = false });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var policy = (await TestServer.ReadAsync<JsonElement>(set)).GetProperty("policy");
        Assert.False(policy.GetProperty("enabled").GetBoolean());
        Assert.Equal(600, policy.GetProperty("calls_per_minute").GetInt32());

        var blocked = await CallAsync("read_product", new { product_no = 1001 }, agent);
        Assert.Equal("disabled", blocked.GetProperty("decision").GetString());
        Assert.Equal("tool_disabled", blocked.GetProperty("error").GetProperty("code").GetString());

        var audit = await _server.Client.GetFromJsonAsync<JsonElement>("/api/audit?action=tool.policy");
        Assert.Equal("read_product", audit[0].GetProperty("target").GetString());
    }

    [Fact]
    public async Task An_api_key_address_change_waits_for_an_agent_to_approve_it()
    {
        var orders = await CallAsync("list_orders", new { status = "결제완료", limit = 1 });
        var orderId = orders.GetProperty("data").GetProperty("orders")[0].GetProperty("order_id").GetString()!;
        var change = new { order_id = orderId, recipient = "최하늘", phone = "010-7777-8888", address = "서울특별시 송파구 올림픽로 300, 12층" };

        var pending = await CallAsync("update_order_shipping_address", change);
        Assert.Equal("approval_required", pending.GetProperty("decision").GetString());
        var approvalId = pending.GetProperty("approval_id").GetString()!;

        var agent = _server.CreateClient(await _server.CreateKeyAsync("agent"));
        var listed = await agent.GetFromJsonAsync<JsonElement>("/api/tools/approvals?status=pending");
        Assert.Equal(approvalId, listed[0].GetProperty("id").GetString());
        var viewer = _server.CreateClient(await _server.CreateKeyAsync("viewer"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/tools/approvals/{approvalId}/approve", null)).StatusCode);

        var approved = await agent.PostAsync($"/api/tools/approvals/{approvalId}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.True((await TestServer.ReadAsync<JsonElement>(approved)).GetProperty("ok").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsync($"/api/tools/approvals/{approvalId}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsJsonAsync($"/api/tools/approvals/{approvalId}/reject", new { reason = "late" })).StatusCode);

        var order = await CallAsync("lookup_order", new { order_id = orderId });
        Assert.Equal("서울특별시 송파구 올림픽로 300, 12층", order.GetProperty("data").GetProperty("receiver").GetProperty("address").GetString());

        var interactive = await CallAsync("update_order_shipping_address", change, mode: "interactive");
        Assert.Equal("allowed", interactive.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Tickets_opened_by_the_tool_are_visible_to_admins_only()
    {
        var created = await CallAsync("create_ticket", new { subject = "교환 문의", body = "사이즈 교환 원합니다", category = "exchange" });
        var ticketId = created.GetProperty("data").GetProperty("ticket_id").GetString();

        var tickets = await _server.Client.GetFromJsonAsync<JsonElement>("/api/tickets");
        Assert.Equal(ticketId, tickets[0].GetProperty("id").GetString());
        Assert.Equal("exchange", tickets[0].GetProperty("category").GetString());
        var agent = _server.CreateClient(await _server.CreateKeyAsync("agent"));
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/tickets")).StatusCode);
        var other = _server.CreateClient(await _server.CreateOrgAsync("other-shop"));
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/api/tickets")).GetArrayLength());
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/api/tools/calls")).GetArrayLength());
    }
}
