using Dapper;
using Steward.Storage;
using Steward.Tests.Fixtures;
using Steward.Tools;

namespace Steward.Tests.Tools;

/// <summary>A write in automatic mode waits for a person; the first decision wins and runs it exactly once.</summary>
public class ToolApprovalTests
{
    private static readonly object NewAddress = new { recipient = "김서연", phone = "01055554444", address = "서울특별시 마포구 양화로 45, 301호" };

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task An_automatic_address_change_waits_for_approval_then_runs_once_for_the_approver(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var orderId = await OrderWithStatusAsync(host, "결제완료");
        var before = await AddressAsync(host, orderId);

        var pending = await host.CallAsync("update_order_shipping_address", With(orderId), ToolCallMode.Automatic, sessionId: "s-9");
        Assert.Equal(ToolDecision.ApprovalRequired, pending.Decision);
        Assert.Equal(ToolErrorCodes.ApprovalRequired, pending.Result.Error!.Code);
        Assert.NotNull(pending.ApprovalId);
        Assert.Equal(before, await AddressAsync(host, orderId));
        Assert.Equal("pending", (await host.LastCallAsync()).Outcome);

        var approvals = host.Services.GetRequiredService<ToolApprovals>();
        var waiting = Assert.Single(await approvals.ListAsync(ToolHost.Org, ApprovalStatus.Pending, 10, CancellationToken.None));
        Assert.Equal((pending.ApprovalId, "update_order_shipping_address", "s-9"), (waiting.Id, waiting.Tool, waiting.SessionId));
        Assert.Equal(orderId, waiting.Arguments.GetProperty("order_id").GetString());

        var approver = new ToolCaller("user", "manager");
        var approved = await host.Invoker.ApproveAsync(ToolHost.Org, pending.ApprovalId!, approver, CancellationToken.None);
        Assert.NotNull(approved);
        Assert.Equal(ToolDecision.Approved, approved.Decision);
        Assert.False(approved.Result.IsError, approved.Result.Error?.Message);
        Assert.Equal(("김서연", "010-5555-4444", "서울특별시 마포구 양화로 45, 301호"), await AddressAsync(host, orderId));

        var entry = await host.LastCallAsync();
        Assert.Equal(("approved", "ok", pending.ApprovalId, "manager"), (entry.Decision, entry.Outcome, entry.ApprovalId, entry.CallerId));
        var decided = await approvals.GetAsync(ToolHost.Org, pending.ApprovalId!, CancellationToken.None);
        Assert.Equal((ApprovalStatus.Approved, "user:manager"), (decided!.Status, decided.DecidedBy));
        Assert.True(decided.Result!.Value.TryGetProperty("data", out _));

        Assert.Null(await host.Invoker.ApproveAsync(ToolHost.Org, pending.ApprovalId!, approver, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Concurrent_approvals_run_the_change_exactly_once(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var orderId = await OrderWithStatusAsync(host, "배송준비중");
        var pending = await host.CallAsync("update_order_shipping_address", With(orderId), ToolCallMode.Automatic);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            host.Invoker.ApproveAsync(ToolHost.Org, pending.ApprovalId!, new ToolCaller("user", $"agent{i}"), CancellationToken.None))));

        Assert.Single(attempts, a => a is not null);
        Assert.Single(await host.Ledger.QueryAsync(ToolHost.Org, new ToolCallQuery(Decision: "approved"), CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_rejected_change_never_runs(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var orderId = await OrderWithStatusAsync(host, "결제완료");
        var before = await AddressAsync(host, orderId);
        var pending = await host.CallAsync("update_order_shipping_address", With(orderId), ToolCallMode.Automatic);
        var approvals = host.Services.GetRequiredService<ToolApprovals>();

        Assert.True(await approvals.DecideAsync(ToolHost.Org, pending.ApprovalId!, ApprovalStatus.Rejected, "user:manager", "고객 본인 확인 불가", CancellationToken.None));
        Assert.Null(await host.Invoker.ApproveAsync(ToolHost.Org, pending.ApprovalId!, new ToolCaller("user", "manager"), CancellationToken.None));
        Assert.False(await approvals.DecideAsync(ToolHost.Org, pending.ApprovalId!, ApprovalStatus.Approved, "user:x", null, CancellationToken.None));
        Assert.Equal(before, await AddressAsync(host, orderId));
        Assert.Equal("고객 본인 확인 불가", (await approvals.GetAsync(ToolHost.Org, pending.ApprovalId!, CancellationToken.None))!.Reason);
        Assert.Null(await approvals.GetAsync("other-org", pending.ApprovalId!, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_tool_disabled_after_the_request_cannot_be_approved_into_running(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var orderId = await OrderWithStatusAsync(host, "결제완료");
        var before = await AddressAsync(host, orderId);
        var pending = await host.CallAsync("update_order_shipping_address", With(orderId), ToolCallMode.Automatic);
        await host.SetPolicyAsync("update_order_shipping_address", new ToolPolicy(false, true, 60));

        var outcome = await host.Invoker.ApproveAsync(ToolHost.Org, pending.ApprovalId!, new ToolCaller("user", "manager"), CancellationToken.None);

        Assert.Equal(ToolDecision.Disabled, outcome!.Decision);
        Assert.Equal(before, await AddressAsync(host, orderId));
        Assert.Equal(ApprovalStatus.Pending, (await host.Services.GetRequiredService<ToolApprovals>().GetAsync(ToolHost.Org, pending.ApprovalId!, CancellationToken.None))!.Status);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_person_in_the_loop_changes_the_address_directly_and_without_the_policy_it_needs_no_approval(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var first = await OrderWithStatusAsync(host, "결제완료");
        Assert.Equal(ToolDecision.Allowed, (await host.CallAsync("update_order_shipping_address", With(first), ToolCallMode.Interactive)).Decision);
        Assert.Equal("김서연", (await AddressAsync(host, first)).Recipient);

        await host.SetPolicyAsync("update_order_shipping_address", new ToolPolicy(true, RequiresApproval: false, 60));
        var second = await OrderWithStatusAsync(host, "배송준비중");
        var outcome = await host.CallAsync("update_order_shipping_address", With(second), ToolCallMode.Automatic);
        Assert.Equal(ToolDecision.Allowed, outcome.Decision);
        Assert.Equal("김서연", (await AddressAsync(host, second)).Recipient);
    }

    private static Dictionary<string, object> With(string orderId)
    {
        var arguments = System.Text.Json.JsonSerializer.SerializeToElement(NewAddress).EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value.GetString()!);
        arguments["order_id"] = orderId;
        return arguments;
    }

    internal static async Task<string> OrderWithStatusAsync(ToolHost host, string status)
    {
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<string>(
            "SELECT order_id FROM sandbox_orders WHERE org_id = @org AND status = @status ORDER BY order_id LIMIT 1", new { org = ToolHost.Org, status }) ?? throw new InvalidOperationException(status);
    }

    private static async Task<(string Recipient, string Phone, string Address)> AddressAsync(ToolHost host, string orderId)
    {
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.QuerySingleAsync<(string, string, string)>(
            "SELECT recipient, phone, address FROM sandbox_orders WHERE org_id = @org AND order_id = @orderId", new { org = ToolHost.Org, orderId });
    }
}
