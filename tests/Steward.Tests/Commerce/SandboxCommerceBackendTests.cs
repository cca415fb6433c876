using Steward.Commerce;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Commerce;

/// <summary>Orders, shipments, address changes and org isolation; boards, customers and products are in the other part.</summary>
public partial class SandboxCommerceBackendTests(SandboxShopFixture fixture) : IClassFixture<SandboxShopFixture>
{
    private const string OrderSql = "SELECT order_id FROM sandbox_orders WHERE org_id = 'shop'";
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Orders_come_newest_first_with_customer_first_item_and_item_count(string backend)
    {
        var shop = await fixture.ShopAsync(backend);
        var backendUnderTest = await shop.BackendAsync();
        var expected = await shop.QueryAsync<(string OrderId, string CustomerId, string CustomerName, long Items, string FirstItem)>(
            """
            SELECT o.order_id, o.customer_id, c.name,
                   (SELECT COUNT(*) FROM sandbox_order_items n WHERE n.org_id = o.org_id AND n.order_id = o.order_id),
                   (SELECT p.name FROM sandbox_order_items i JOIN sandbox_products p ON p.org_id = i.org_id AND p.product_no = i.product_no
                    WHERE i.org_id = o.org_id AND i.order_id = o.order_id AND i.line = 1)
            FROM sandbox_orders o JOIN sandbox_customers c ON c.org_id = o.org_id AND c.id = o.customer_id
            WHERE o.org_id = 'shop' ORDER BY o.ordered_at DESC, o.order_id DESC LIMIT 30
            """);

        var orders = await backendUnderTest.ListOrdersAsync(new OrderQuery(Limit: 30), None);

        Assert.Equal(expected.Select(e => e.OrderId), orders.Select(o => o.OrderId));
        Assert.Equal(expected.Select(e => (e.CustomerId, e.CustomerName, (int)e.Items, e.FirstItem)),
            orders.Select(o => (o.CustomerId, o.CustomerName, o.ItemCount, o.FirstItemName)));
        Assert.True(orders.Zip(orders.Skip(1)).All(pair => pair.First.OrderedAt >= pair.Second.OrderedAt));

        var page = await backendUnderTest.ListOrdersAsync(new OrderQuery(Limit: 10, Offset: 10), None);
        Assert.Equal(expected.Skip(10).Take(10).Select(e => e.OrderId), page.Select(o => o.OrderId));
        Assert.Single(await backendUnderTest.ListOrdersAsync(new OrderQuery(Limit: 0), None));
        Assert.Equal(100, (await backendUnderTest.ListOrdersAsync(new OrderQuery(Limit: 1000), None)).Count);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Order_filters_each_narrow_the_list(string backend)
    {
        var shop = await fixture.ShopAsync(backend);
        var sandbox = await shop.BackendAsync();
        async Task<List<string>> Ids(OrderQuery query) => (await sandbox.ListOrdersAsync(query with { Limit = 100 }, None)).Select(o => o.OrderId).Order().ToList();
        async Task<List<string>> Expected(string where, object? args = null) =>
            (await shop.QueryAsync<string>($"{OrderSql} AND {where} ORDER BY ordered_at DESC, order_id DESC LIMIT 100", args)).Order().ToList();

        var gift = (await shop.QueryAsync<(string CustomerId, string CustomerPhone, string Receiver)>(
            """
            SELECT o.customer_id, c.phone, o.phone FROM sandbox_orders o JOIN sandbox_customers c ON c.org_id = o.org_id AND c.id = o.customer_id
            WHERE o.org_id = 'shop' AND o.phone <> c.phone ORDER BY o.order_id LIMIT 1
            """)).Single();
        var byCustomer = await Ids(new OrderQuery(CustomerId: gift.CustomerId));
        Assert.NotEmpty(byCustomer);
        Assert.Equal(await Expected("customer_id = @id", new { id = gift.CustomerId }), byCustomer);

        const string byPhone = "(phone = @phone OR customer_id IN (SELECT id FROM sandbox_customers WHERE org_id = 'shop' AND phone = @phone))";
        var byReceiver = await Ids(new OrderQuery(Phone: gift.Receiver.Replace("-", "")));
        Assert.NotEmpty(byReceiver);
        Assert.Equal(await Expected(byPhone, new { phone = gift.Receiver }), byReceiver);
        var byBuyer = await Ids(new OrderQuery(Phone: "+82" + gift.CustomerPhone[1..]));
        Assert.Equal(await Expected(byPhone, new { phone = gift.CustomerPhone }), byBuyer);
        Assert.Superset(byCustomer.ToHashSet(), byBuyer.ToHashSet());
        Assert.Empty(await Ids(new OrderQuery(Phone: "not a phone")));
        Assert.Empty(await Ids(new OrderQuery(Phone: "010-0000-0000")));

        var from = SandboxShopFixture.Now.AddDays(-10);
        var to = SandboxShopFixture.Now.AddDays(-5);
        var inWindow = await Ids(new OrderQuery(From: from, To: to));
        Assert.NotEmpty(inWindow);
        Assert.Equal(await Expected("ordered_at >= @from AND ordered_at <= @to", new { from, to }), inWindow);

        var cancelled = await sandbox.ListOrdersAsync(new OrderQuery(Status: "취소", Limit: 100), None);
        Assert.Equal(await Expected("status = '취소'"), cancelled.Select(o => o.OrderId).Order().ToList());
        Assert.All(cancelled, o => Assert.Equal("취소", o.Status));

        var some = (await Expected("1 = 1")).Take(3).ToList();
        Assert.Equal(some, await Ids(new OrderQuery(OrderIds: [.. some, "20000101-0000000"])));
        Assert.Empty(await Ids(new OrderQuery(OrderIds: [])));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task An_order_has_its_lines_receiver_and_once_shipped_its_tracking(string backend)
    {
        var shop = await fixture.ShopAsync(backend);
        var sandbox = await shop.BackendAsync();
        var shippedId = await shop.ScalarAsync<string>($"{OrderSql} AND status = '배송완료' ORDER BY order_id LIMIT 1");
        var paidId = await shop.ScalarAsync<string>($"{OrderSql} AND status = '결제완료' ORDER BY order_id LIMIT 1");

        var shipped = await sandbox.GetOrderAsync(shippedId, None);
        Assert.NotNull(shipped);
        var truth = (await shop.QueryAsync<(string Customer, string Phone, long Total, string Recipient, string Carrier, string TrackingNo)>(
            """
            SELECT c.name, c.phone, o.total, o.recipient, s.carrier, s.tracking_no FROM sandbox_orders o
            JOIN sandbox_customers c ON c.org_id = o.org_id AND c.id = o.customer_id
            JOIN sandbox_shipments s ON s.org_id = o.org_id AND s.order_id = o.order_id
            WHERE o.org_id = 'shop' AND o.order_id = @shippedId
            """, new { shippedId })).Single();
        Assert.Equal((truth.Customer, truth.Phone, truth.Total, truth.Recipient, truth.Carrier, truth.TrackingNo),
            (shipped.CustomerName, shipped.CustomerPhone, shipped.Total, shipped.Receiver.Recipient, shipped.Carrier, shipped.TrackingNo));
        var lines = await shop.QueryAsync<(long Line, string Name, long Quantity, long Price)>(
            """
            SELECT i.line, p.name, i.quantity, i.price FROM sandbox_order_items i JOIN sandbox_products p ON p.org_id = i.org_id AND p.product_no = i.product_no
            WHERE i.org_id = 'shop' AND i.order_id = @shippedId ORDER BY i.line
            """, new { shippedId });
        Assert.Equal(lines.Select(l => ((int)l.Line, l.Name, (int)l.Quantity, l.Price)),
            shipped.Items.Select(i => (i.Line, i.ProductName, i.Quantity, i.Price)));

        var paid = await sandbox.GetOrderAsync(paidId, None);
        Assert.Equal("결제완료", paid!.Status);
        Assert.Null(paid.Carrier);
        Assert.Null(paid.TrackingNo);
        Assert.Null(await sandbox.GetOrderAsync("20000101-0000000", None));

        var shipment = await sandbox.GetShipmentAsync(shippedId, None);
        Assert.Equal(truth.TrackingNo, shipment!.TrackingNo);
        Assert.NotNull(shipment.DeliveredAt);
        Assert.Equal(await shop.ScalarAsync<long>("SELECT COUNT(*) FROM sandbox_tracking_events WHERE org_id = 'shop' AND order_id = @shippedId", new { shippedId }),
            shipment.Events.Count);
        Assert.True(shipment.Events.Zip(shipment.Events.Skip(1)).All(pair => pair.First.At <= pair.Second.At));
        Assert.Null(await sandbox.GetShipmentAsync(paidId, None));
        Assert.Null(await sandbox.GetShipmentAsync("20000101-0000000", None));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task An_address_changes_only_before_the_order_leaves_the_warehouse(string backend)
    {
        var shop = await fixture.ShopAsync(backend);
        var sandbox = await shop.BackendAsync();
        var expected = new Dictionary<string, AddressChangeOutcome>
        {
            ["결제완료"] = AddressChangeOutcome.Changed,
            ["배송준비중"] = AddressChangeOutcome.Changed,
            ["배송중"] = AddressChangeOutcome.AlreadyShipped,
            ["배송완료"] = AddressChangeOutcome.AlreadyShipped,
            ["반품"] = AddressChangeOutcome.AlreadyShipped,
            ["취소"] = AddressChangeOutcome.Cancelled,
        };
        foreach (var (status, outcome) in expected)
        {
            var orderId = await shop.ScalarAsync<string>($"{OrderSql} AND status = @status ORDER BY order_id DESC LIMIT 1", new { status });
            var before = await AddressOfAsync(shop, orderId);
            var requested = new ShippingAddress("홍길동", "010-9999-0000", $"서울특별시 중구 세종대로 110 ({status})");

            var result = await sandbox.UpdateShippingAddressAsync(orderId, requested, None);

            Assert.Equal(outcome, result.Outcome);
            Assert.Equal(status, result.Status);
            var after = await AddressOfAsync(shop, orderId);
            Assert.Equal(outcome == AddressChangeOutcome.Changed ? requested : before, after);
            Assert.Equal(after, result.Address);
        }

        var missing = await sandbox.UpdateShippingAddressAsync("20000101-0000000", new ShippingAddress("a", "b", "c"), None);
        Assert.Equal(new AddressChangeResult(AddressChangeOutcome.OrderNotFound, null, null), missing);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task An_orgs_backend_never_sees_or_changes_another_orgs_shop(string backend)
    {
        var shop = await fixture.ShopAsync(backend);
        var sandbox = await shop.BackendAsync();
        var otherOrder = await shop.ScalarAsync<string>(
            "SELECT order_id FROM sandbox_orders o WHERE org_id = 'other' AND status = '결제완료' AND NOT EXISTS (SELECT 1 FROM sandbox_orders s WHERE s.org_id = 'shop' AND s.order_id = o.order_id) LIMIT 1");
        var otherPhone = await shop.ScalarAsync<string>(
            "SELECT phone FROM sandbox_customers c WHERE org_id = 'other' AND NOT EXISTS (SELECT 1 FROM sandbox_customers s WHERE s.org_id = 'shop' AND s.phone = c.phone) LIMIT 1");
        var otherAddress = await AddressOfAsync(shop, otherOrder, SandboxShop.OtherOrg);

        Assert.Null(await sandbox.GetOrderAsync(otherOrder, None));
        Assert.Empty(await sandbox.ListOrdersAsync(new OrderQuery(OrderIds: [otherOrder]), None));
        Assert.Empty(await sandbox.ListOrdersAsync(new OrderQuery(Phone: otherPhone), None));
        Assert.Null(await sandbox.FindCustomerByPhoneAsync(otherPhone, None));
        var change = await sandbox.UpdateShippingAddressAsync(otherOrder, new ShippingAddress("x", "010-0000-0001", "y"), None);
        Assert.Equal(AddressChangeOutcome.OrderNotFound, change.Outcome);
        Assert.Equal(otherAddress, await AddressOfAsync(shop, otherOrder, SandboxShop.OtherOrg));

        var other = await shop.BackendAsync(SandboxShop.OtherOrg);
        Assert.NotNull(await other.GetOrderAsync(otherOrder, None));
        var otherStock = (await other.GetProductAsync(1001, None))!.Stock;
        Assert.True(await sandbox.SetStockAsync(1001, otherStock + 7, None));
        Assert.Equal(otherStock, (await other.GetProductAsync(1001, None))!.Stock);
        Assert.Equal(otherStock + 7, (await sandbox.GetProductAsync(1001, None))!.Stock);

        var unseeded = await shop.BackendAsync("nobody");
        Assert.Empty(await unseeded.ListBoardsAsync(None));
        Assert.Empty(await unseeded.ListOrdersAsync(new OrderQuery(), None));
        Assert.Empty(await unseeded.ListProductsAsync(new ProductQuery(), None));
    }

    private static async Task<ShippingAddress> AddressOfAsync(SandboxShop shop, string orderId, string org = SandboxShop.Org) =>
        (await shop.QueryAsync<ShippingAddress>(
            "SELECT recipient, phone, address FROM sandbox_orders WHERE org_id = @org AND order_id = @orderId", new { org, orderId })).Single();
}
