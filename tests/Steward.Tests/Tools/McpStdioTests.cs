using Steward.Audit;
using Steward.Tests.Fixtures;
using Steward.Tools;

namespace Steward.Tests.Tools;

/// <summary><c>steward mcp --org demo</c>, the real executable, driven by the MCP SDK's own client over stdio.</summary>
public class McpStdioTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Steward_mcp_serves_the_demo_orgs_tools_and_every_call_is_in_the_ledger(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        var init = await Fixtures.Cli.RunAsync(storage.Environment(), "init", "--demo");
        Assert.True(init.ExitCode == 0, init.StdErr);

        await using (var client = await McpClients.StdioAsync(storage, "stdio-test"))
        {
            Assert.Equal("steward", client.ServerInfo!.Name);
            var tools = await client.ListToolsAsync();
            Assert.Equal(ToolRegistryTests.CommerceToolNames.Order(), tools.Select(tool => tool.Name).Order());
            var lookup = tools.Single(tool => tool.Name == "lookup_order").ProtocolTool;
            Assert.True(lookup.Annotations!.ReadOnlyHint);
            Assert.Equal("order_id", Assert.Single(lookup.InputSchema.GetProperty("required").EnumerateArray()).GetString());
            Assert.True(tools.Single(tool => tool.Name == "create_ticket").ProtocolTool.Annotations!.DestructiveHint);

            var orders = await client.CallAsync("list_orders", new { limit = 1 });
            Assert.True(orders.IsError != true, orders.Text());
            var orderId = orders.StructuredContent!.Value.GetProperty("orders")[0].GetProperty("order_id").GetString()!;
            var found = await client.CallAsync("lookup_order", new { order_id = orderId });
            Assert.True(found.IsError != true, found.Text());
            Assert.Equal(orderId, found.StructuredContent!.Value.GetProperty("order_id").GetString());
            Assert.Contains(orderId, found.Text());

            var missing = await client.CallAsync("lookup_order", new { order_id = "20000101-0000001" });
            Assert.True(missing.IsError);
            Assert.Equal("order_not_found", missing.ErrorCode());
            Assert.Contains("20000101-0000001", missing.Text());

            var malformed = await client.CallAsync("lookup_order", new { order_id = "bad" });
            Assert.True(malformed.IsError);
            Assert.Equal("invalid_order_id", malformed.ErrorCode());
        }

        using var host = Services.Build(storage);
        var ledger = await host.Services.GetRequiredService<ToolCallLedger>()
            .QueryAsync("demo", new ToolCallQuery(CallerId: "stdio-test"), CancellationToken.None);
        Assert.Equal(["list_orders", "lookup_order", "lookup_order", "lookup_order"], ledger.Select(entry => entry.Tool).Reverse());
        Assert.All(ledger, entry => Assert.Equal(("mcp", "automatic"), (entry.CallerType, entry.Mode)));
        Assert.Equal(["ok", "ok", "error", "error"], ledger.Select(entry => entry.Outcome).Reverse());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_tool_the_org_turned_off_is_not_listed_and_calling_it_is_a_readable_error(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        Assert.Equal(0, (await Fixtures.Cli.RunAsync(storage.Environment(), "init", "--demo")).ExitCode);
        using (var host = Services.Build(storage))
        {
            await host.Services.GetRequiredService<ToolPolicyStore>()
                .SetAsync("demo", "track_shipment", new ToolPolicy(Enabled: false, RequiresApproval: false, CallsPerMinute: 0), AuditActor.System, CancellationToken.None);
        }

        await using (var client = await McpClients.StdioAsync(storage, "stdio-blocked"))
        {
            Assert.DoesNotContain("track_shipment", (await client.ListToolsAsync()).Select(tool => tool.Name));
            var blocked = await client.CallAsync("track_shipment", new { order_id = "20240101-0000123" });
            Assert.True(blocked.IsError);
            Assert.Equal(ToolErrorCodes.Disabled, blocked.ErrorCode());
            Assert.Contains("turned off", blocked.Text());
        }

        using var reader = Services.Build(storage);
        var entry = Assert.Single(await reader.Services.GetRequiredService<ToolCallLedger>()
            .QueryAsync("demo", new ToolCallQuery(CallerId: "stdio-blocked"), CancellationToken.None));
        Assert.Equal(("track_shipment", "disabled", "blocked", "mcp"), (entry.Tool, entry.Decision, entry.Outcome, entry.CallerType));
    }

    [Fact]
    public async Task Stdout_carries_nothing_but_mcp_and_an_unknown_org_is_refused_on_stderr()
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        Assert.Equal(0, (await Fixtures.Cli.RunAsync(storage.Environment(), "init", "--demo")).ExitCode);

        // stdin closes at once: the server starts, reads end-of-input and stops, having written nothing to stdout.
        var quiet = await Fixtures.Cli.RunAsync(storage.Environment(), "mcp", "--org", "demo");
        Assert.True(quiet.ExitCode == 0, quiet.StdErr);
        Assert.Equal("", quiet.StdOut);

        var unknown = await Fixtures.Cli.RunAsync(storage.Environment(), "mcp", "--org", "nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("", unknown.StdOut);
        Assert.Contains("no org 'nope'", unknown.StdErr);
    }
}
