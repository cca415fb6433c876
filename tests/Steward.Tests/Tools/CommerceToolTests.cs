using System.Text.Json;
using Dapper;
using Steward.Storage;
using Steward.Tests.Fixtures;
using Steward.Tools;

namespace Steward.Tests.Tools;

/// <summary>Each commerce tool on the sandbox shop: what it returns, and how it fails in words a customer can read.</summary>
public class CommerceToolTests
{
    private static async Task<JsonElement> OkAsync(ToolHost host, string tool, object? arguments = null)
    {
        var outcome = await host.CallAsync(tool, arguments);
        Assert.False(outcome.Result.IsError, $"{tool}: {outcome.Result.Error?.Code} {outcome.Result.Error?.Message}");
        return outcome.Result.Data!.Value;
    }

    private static async Task<ToolError> FailAsync(ToolHost host, string tool, object? arguments, string code)
    {
        var outcome = await host.CallAsync(tool, arguments);
        Assert.Equal(ToolDecision.Allowed, outcome.Decision);
        Assert.Equal(code, outcome.Result.Error?.Code);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Result.Error!.Message));
        Assert.Equal("error", (await host.LastCallAsync()).Outcome);
        return outcome.Result.Error;
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Boards_and_their_questions(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var boards = (await OkAsync(host, "list_boards")).GetProperty("boards");
        Assert.Equal(2, boards.GetArrayLength());
        var first = boards[0].GetProperty("board_no").GetInt64();

        var articles = (await OkAsync(host, "list_board_articles", new { board_no = first, limit = 5 })).GetProperty("articles");
        Assert.Equal(5, articles.GetArrayLength());
        Assert.All(articles.EnumerateArray(), a => Assert.EndsWith("+09:00", a.GetProperty("created_at").GetString()));
        var unanswered = (await OkAsync(host, "list_board_articles", new { board_no = first, unanswered_only = true, limit = 100 })).GetProperty("articles");
        Assert.All(unanswered.EnumerateArray(), a => Assert.False(a.GetProperty("answered").GetBoolean()));

        Assert.Contains("99", (await FailAsync(host, "list_board_articles", new { board_no = 99 }, "board_not_found")).Message);
        await FailAsync(host, "list_board_articles", new { board_no = first, limit = 500 }, ToolErrorCodes.InvalidArguments);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Orders_recent_by_phone_and_one_by_number(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var recent = await OkAsync(host, "list_orders");
        var orders = recent.GetProperty("orders");
        Assert.Equal(10, orders.GetArrayLength());
        var newest = orders[0].GetProperty("order_id").GetString()!;
        Assert.Matches(@"^\d{8}-\d{7}$", newest);
        Assert.True(string.CompareOrdinal(newest, orders[9].GetProperty("order_id").GetString()) > 0);

        var order = await OkAsync(host, "lookup_order", new { order_id = newest });
        Assert.Equal(newest, order.GetProperty("order_id").GetString());
        Assert.True(order.GetProperty("items").GetArrayLength() >= 1);
        Assert.Contains("*", order.GetProperty("customer_phone").GetString());

        var phone = await ScalarAsync<string>(host, "SELECT c.phone FROM sandbox_customers c JOIN sandbox_orders o ON o.customer_id = c.id AND o.org_id = c.org_id WHERE c.org_id = 'shop' ORDER BY o.order_id LIMIT 1");
        var byPhone = await OkAsync(host, "list_orders", new { phone = phone.Replace("-", ""), limit = 50 });
        Assert.True(byPhone.GetProperty("count").GetInt32() >= 1);
        var delivered = await OkAsync(host, "list_orders", new { status = "배송완료", limit = 50 });
        Assert.All(delivered.GetProperty("orders").EnumerateArray(), o => Assert.Equal("배송완료", o.GetProperty("status").GetString()));

        Assert.Contains("20240101-9999999", (await FailAsync(host, "lookup_order", new { order_id = "20240101-9999999" }, "order_not_found")).Message);
        await FailAsync(host, "lookup_order", new { order_id = "A-123" }, "invalid_order_id");
        await FailAsync(host, "list_orders", new { phone = "call me" }, "invalid_phone");
        await FailAsync(host, "list_orders", new { status = "lost" }, ToolErrorCodes.InvalidArguments);
        await FailAsync(host, "list_orders", new { from = "last week" }, ToolErrorCodes.InvalidArguments);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_customer_by_phone_in_any_format_comes_back_masked(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var (id, phone) = await ScalarAsync<(string, string)>(host, "SELECT id, phone FROM sandbox_customers WHERE org_id = 'shop' ORDER BY id LIMIT 1");

        foreach (var format in new[] { phone, phone.Replace("-", ""), "+82 " + phone[1..].Replace("-", " ") })
        {
            var customer = await OkAsync(host, "find_customer_by_phone", new { phone = format });
            Assert.Equal(id, customer.GetProperty("customer_id").GetString());
            Assert.Contains("*", customer.GetProperty("name").GetString());
            Assert.False(customer.TryGetProperty("email", out _));
            Assert.False(customer.TryGetProperty("address", out _));
        }

        await FailAsync(host, "find_customer_by_phone", new { phone = "010-0000-0001" }, "customer_not_found");
        await FailAsync(host, "find_customer_by_phone", new { phone = "12" }, "invalid_phone");
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Shipments_are_tracked_once_they_leave(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var shipped = await ToolApprovalTests.OrderWithStatusAsync(host, "배송중");
        var tracking = await OkAsync(host, "track_shipment", new { order_id = shipped });
        Assert.Matches(@"^\d{12}$", tracking.GetProperty("tracking_no").GetString());
        Assert.True(tracking.GetProperty("events").GetArrayLength() >= 1);

        var waiting = await ToolApprovalTests.OrderWithStatusAsync(host, "배송준비중");
        Assert.Contains("배송준비중", (await FailAsync(host, "track_shipment", new { order_id = waiting }, "not_shipped")).Message);
        await FailAsync(host, "track_shipment", new { order_id = "20240101-9999999" }, "order_not_found");
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_address_cannot_change_after_shipping_or_cancellation(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var address = new { recipient = "박지민", phone = "010-2222-3333", address = "부산광역시 해운대구 해운대로 1" };
        foreach (var (status, code) in new[] { ("배송중", "already_shipped"), ("배송완료", "already_shipped"), ("반품", "already_shipped"), ("취소", "order_cancelled") })
        {
            var orderId = await ToolApprovalTests.OrderWithStatusAsync(host, status);
            var error = await FailAsync(host, "update_order_shipping_address", new { order_id = orderId, address.recipient, address.phone, address.address }, code);
            Assert.Contains(orderId, error.Message);
        }

        var open = await ToolApprovalTests.OrderWithStatusAsync(host, "결제완료");
        await FailAsync(host, "update_order_shipping_address", new { order_id = open, address.recipient, phone = "nope", address.address }, "invalid_phone");
        await FailAsync(host, "update_order_shipping_address", new { order_id = "20240101-9999999", address.recipient, address.phone, address.address }, "order_not_found");
        var changed = await OkAsync(host, "update_order_shipping_address", new { order_id = open, address.recipient, address.phone, address.address });
        Assert.True(changed.GetProperty("changed").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Products_by_number_or_name_with_supply_and_shipping(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var (productNo, name) = await ScalarAsync<(long, string)>(host, "SELECT product_no, name FROM sandbox_products WHERE org_id = 'shop' ORDER BY product_no LIMIT 1");

        Assert.Equal(name, (await OkAsync(host, "read_product", new { product_no = productNo })).GetProperty("name").GetString());
        var matches = (await OkAsync(host, "read_product", new { name = name[..Math.Min(4, name.Length)] })).GetProperty("matches");
        Assert.Contains(matches.EnumerateArray(), m => m.GetProperty("product_no").GetInt64() == productNo);
        Assert.False(string.IsNullOrEmpty((await OkAsync(host, "read_supply", new { product_no = productNo })).GetProperty("supplier").GetString()));
        Assert.Equal(50_000, (await OkAsync(host, "read_shipping", new { product_no = productNo })).GetProperty("free_shipping_from").GetInt64());

        await FailAsync(host, "read_product", new { product_no = 5 }, "product_not_found");
        await FailAsync(host, "read_product", new { name = "존재하지않는상품이름xyz" }, "product_not_found");
        await FailAsync(host, "read_product", new { }, ToolErrorCodes.InvalidArguments);
        await FailAsync(host, "read_supply", new { product_no = 5 }, "product_not_found");
        await FailAsync(host, "read_shipping", new { product_no = 5 }, "product_not_found");
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Restock_subscriptions_are_stored_once_per_phone_and_only_for_sold_out_products(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var soldOut = await ScalarAsync<long>(host, "SELECT product_no FROM sandbox_inventory WHERE org_id = 'shop' AND stock = 0 ORDER BY product_no LIMIT 1");
        var inStock = await ScalarAsync<long>(host, "SELECT product_no FROM sandbox_inventory WHERE org_id = 'shop' AND stock > 0 ORDER BY product_no LIMIT 1");

        var first = await OkAsync(host, "subscribe_restock", new { product_no = soldOut, phone = "010-3333-4444" });
        Assert.False(first.GetProperty("already_subscribed").GetBoolean());
        var again = await OkAsync(host, "subscribe_restock", new { product_no = soldOut, phone = "01033334444" });
        Assert.True(again.GetProperty("already_subscribed").GetBoolean());
        Assert.Equal(first.GetProperty("subscription_id").GetString(), again.GetProperty("subscription_id").GetString());
        Assert.Equal(1, await ScalarAsync<long>(host, "SELECT COUNT(*) FROM restock_subscriptions WHERE org_id = 'shop'"));

        await FailAsync(host, "subscribe_restock", new { product_no = inStock, phone = "010-3333-4444" }, "in_stock");
        await FailAsync(host, "subscribe_restock", new { product_no = 5, phone = "010-3333-4444" }, "product_not_found");
        await FailAsync(host, "subscribe_restock", new { product_no = soldOut, phone = "abc" }, "invalid_phone");
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Tickets_are_opened_for_people_to_pick_up(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var ticket = await OkAsync(host, "create_ticket", new
        {
            subject = "환불 요청", body = "상품이 파손되어 도착했습니다. 환불 부탁드립니다.", category = "refund", order_id = "20240101-0000123", customer_phone = "01012345678",
        });
        Assert.Matches(@"^TK-\d{8}-[0-9A-F]{6}$", ticket.GetProperty("ticket_id").GetString());
        Assert.Equal("refund", ticket.GetProperty("category").GetString());
        var stored = await ScalarAsync<(string, string, string)>(host, "SELECT category, customer_phone, created_by FROM tickets WHERE org_id = 'shop'");
        Assert.Equal(("refund", "010-1234-5678", "user:tester"), stored);

        await FailAsync(host, "create_ticket", new { subject = " ", body = "x" }, ToolErrorCodes.InvalidArguments);
        await FailAsync(host, "create_ticket", new { subject = "s", body = "b", category = "lawsuit" }, ToolErrorCodes.InvalidArguments);
        await FailAsync(host, "create_ticket", new { subject = "s", body = "b", order_id = "123" }, "invalid_order_id");
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Every_tool_blocked_by_policy_does_nothing_and_is_recorded(string backend)
    {
        await using var host = await ToolHost.StartAsync(backend);
        var open = await ToolApprovalTests.OrderWithStatusAsync(host, "결제완료");
        var soldOut = await ScalarAsync<long>(host, "SELECT product_no FROM sandbox_inventory WHERE org_id = 'shop' AND stock = 0 ORDER BY product_no LIMIT 1");
        var calls = new Dictionary<string, object>
        {
            ["list_boards"] = new { }, ["list_board_articles"] = new { board_no = 1 }, ["list_orders"] = new { },
            ["find_customer_by_phone"] = new { phone = "010-1234-5678" }, ["lookup_order"] = new { order_id = open }, ["track_shipment"] = new { order_id = open },
            ["create_ticket"] = new { subject = "s", body = "b" }, ["update_order_shipping_address"] = new { order_id = open, recipient = "a", phone = "010-1111-2222", address = "서울 어딘가 1번지" },
            ["read_product"] = new { product_no = 1001 }, ["read_supply"] = new { product_no = 1001 }, ["read_shipping"] = new { product_no = 1001 },
            ["subscribe_restock"] = new { product_no = soldOut, phone = "010-1234-5678" },
        };
        Assert.Equal(ToolRegistryTests.CommerceToolNames.Order(), calls.Keys.Order());

        foreach (var (tool, arguments) in calls)
        {
            await host.SetPolicyAsync(tool, new ToolPolicy(Enabled: false, false, 0));
            var outcome = await host.CallAsync(tool, arguments);
            Assert.Equal(ToolDecision.Disabled, outcome.Decision);
            var entry = await host.LastCallAsync();
            Assert.Equal((tool, "disabled", "blocked"), (entry.Tool, entry.Decision, entry.Outcome));
        }

        Assert.Equal(0, await ScalarAsync<long>(host, "SELECT COUNT(*) FROM tickets"));
        Assert.Equal(0, await ScalarAsync<long>(host, "SELECT COUNT(*) FROM restock_subscriptions"));
        Assert.NotEqual("a", await ScalarAsync<string>(host, $"SELECT recipient FROM sandbox_orders WHERE org_id = 'shop' AND order_id = '{open}'"));
    }

    private static async Task<T> ScalarAsync<T>(ToolHost host, string sql)
    {
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.QuerySingleAsync<T>(sql);
    }
}
