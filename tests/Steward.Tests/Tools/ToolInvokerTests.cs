using System.Data.Common;
using Dapper;
using Steward.Storage;
using Steward.Tests.Fixtures;
using Steward.Tools;

namespace Steward.Tests.Tools;

/// <summary>Policy, arguments, approvals and the ledger around every call, on both backends.</summary>
public class ToolInvokerTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task An_unknown_tool_is_refused_and_recorded(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var outcome = await host.CallAsync("drop_database", new { now = true });

        Assert.Equal(ToolDecision.UnknownTool, outcome.Decision);
        Assert.Equal(ToolErrorCodes.UnknownTool, outcome.Result.Error!.Code);
        var entry = await host.LastCallAsync();
        Assert.Equal(("drop_database", "unknown_tool", "blocked"), (entry.Tool, entry.Decision, entry.Outcome));
        Assert.Equal(outcome.CallId, entry.Id);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_disabled_tool_does_not_run_and_says_so_in_a_sentence(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        await host.SetPolicyAsync("create_ticket", new ToolPolicy(Enabled: false, RequiresApproval: false, CallsPerMinute: 0));

        var outcome = await host.CallAsync("create_ticket", new { subject = "환불 요청", body = "환불해 주세요" });

        Assert.Equal(ToolDecision.Disabled, outcome.Decision);
        Assert.Equal(ToolErrorCodes.Disabled, outcome.Result.Error!.Code);
        Assert.Null(outcome.Result.Data);
        Assert.Equal(0, await CountAsync(host, "SELECT COUNT(*) FROM tickets"));
        Assert.Equal(("disabled", "blocked", "tool_disabled"), ((await host.LastCallAsync()).Decision, (await host.LastCallAsync()).Outcome, (await host.LastCallAsync()).ErrorCode));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Calls_beyond_the_policy_rate_in_one_minute_are_blocked_until_the_next(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        await host.SetPolicyAsync("read_supply", new ToolPolicy(true, false, CallsPerMinute: 2));

        Assert.Equal(ToolDecision.Allowed, (await host.CallAsync("read_supply", new { product_no = 1001 })).Decision);
        Assert.Equal(ToolDecision.Allowed, (await host.CallAsync("read_supply", new { product_no = 1002 })).Decision);
        var third = await host.CallAsync("read_supply", new { product_no = 1003 });
        Assert.Equal(ToolDecision.RateLimited, third.Decision);
        Assert.Equal(ToolErrorCodes.RateLimited, third.Result.Error!.Code);
        Assert.Equal(ToolDecision.Allowed, (await host.CallAsync("read_shipping", new { product_no = 1003 })).Decision);

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ToolDecision.Allowed, (await host.CallAsync("read_supply", new { product_no = 1003 })).Decision);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Malformed_arguments_come_back_as_a_readable_error_naming_each_problem(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);

        var missing = await host.CallAsync("lookup_order", new { });
        Assert.Equal(ToolDecision.Allowed, missing.Decision);
        Assert.Equal(ToolErrorCodes.InvalidArguments, missing.Result.Error!.Code);
        Assert.Contains("order_id: Required.", missing.Result.Error.Message);

        var wrong = await host.CallAsync("list_board_articles", new { board_no = "first", extra = 1 });
        Assert.Contains("board_no: Must be integer.", wrong.Result.Error!.Message);
        Assert.Contains("extra: Unknown argument.", wrong.Result.Error.Message);
        Assert.Equal(("allowed", "error", "invalid_arguments"), ((await host.LastCallAsync()).Decision, (await host.LastCallAsync()).Outcome, (await host.LastCallAsync()).ErrorCode));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_ledger_keeps_masked_arguments_session_caller_latency_and_bot_context(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        await host.CallAsync("find_customer_by_phone", new { phone = "010-9876-5432" }, sessionId: "s-1",
            botContext: """{"responder":"embedded","intent":"배송문의"}""");

        var entry = await host.LastCallAsync();
        Assert.Equal(("s-1", "user", "tester", "find_customer_by_phone", "interactive"), (entry.SessionId, entry.CallerType, entry.CallerId, entry.Tool, entry.Mode));
        Assert.DoesNotContain("9876", entry.Arguments.GetRawText());
        Assert.Contains("phone", entry.Arguments.GetRawText());
        Assert.Equal("embedded", entry.BotContext!.Value.GetProperty("responder").GetString());
        Assert.True(entry.LatencyMs > 0);
        Assert.Equal(host.Clock.GetUtcNow(), entry.OccurredAt);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_ledger_is_append_only(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        await host.CallAsync("list_boards");

        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("UPDATE tool_calls SET outcome = 'ok'"));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM tool_calls"));
        Assert.Equal(1, await CountAsync(host, "SELECT COUNT(*) FROM tool_calls"));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_ledger_filters_and_pages_newest_first(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        for (var i = 0; i < 5; i++)
        {
            await host.CallAsync("read_product", new { product_no = 1001 + i }, sessionId: i % 2 == 0 ? "even" : "odd");
        }

        await host.CallAsync("lookup_order", new { order_id = "nope" });

        var page = await host.Ledger.QueryAsync(ToolHost.Org, new ToolCallQuery(Tool: "read_product", Limit: 2), CancellationToken.None);
        Assert.Equal(2, page.Count);
        Assert.True(page[0].Id > page[1].Id);
        var next = await host.Ledger.QueryAsync(ToolHost.Org, new ToolCallQuery(Tool: "read_product", BeforeId: page[1].Id), CancellationToken.None);
        Assert.Equal(3, next.Count);
        Assert.Equal(3, (await host.Ledger.QueryAsync(ToolHost.Org, new ToolCallQuery(SessionId: "even"), CancellationToken.None)).Count);
        Assert.Equal("lookup_order", Assert.Single(await host.Ledger.QueryAsync(ToolHost.Org, new ToolCallQuery(Outcome: "error"), CancellationToken.None)).Tool);
        Assert.Empty(await host.Ledger.QueryAsync("other-org", new ToolCallQuery(), CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Concurrent_calls_each_get_their_own_committed_ledger_row(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
            host.CallAsync("read_shipping", new { product_no = 1001 + i % 10 }, sessionId: $"s-{i}"))));

        Assert.Equal(64, outcomes.Select(o => o.CallId).Distinct().Count());
        var entries = await host.Ledger.QueryAsync(ToolHost.Org, new ToolCallQuery(Limit: 100), CancellationToken.None);
        Assert.Equal(64, entries.Count);
        foreach (var (outcome, i) in outcomes.Select((o, i) => (o, i)))
        {
            Assert.Equal($"s-{i}", entries.Single(e => e.Id == outcome.CallId).SessionId);
        }
    }

    private static async Task<long> CountAsync(ToolHost host, string sql)
    {
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
