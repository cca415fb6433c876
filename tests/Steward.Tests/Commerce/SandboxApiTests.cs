using System.Net;
using System.Text.Json;
using static Steward.Tests.Commerce.SandboxApiFixture;

namespace Steward.Tests.Commerce;

/// <summary>The sandbox in Cafe24 shapes over real HTTP: orders and access here, customers, boards and products in the other part.</summary>
public partial class SandboxApiTests(SandboxApiFixture api) : IClassFixture<SandboxApiFixture>
{
    private const string KoreanTime = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$";
    private const string Money = @"^\d+\.00$";

    [Fact]
    public async Task Orders_list_newest_first_in_cafe24_shape_with_paging_links()
    {
        var body = await api.GetAsync("/orders");
        var orders = body.GetProperty("orders").EnumerateArray().ToList();

        Assert.Equal(10, orders.Count);
        foreach (var order in orders)
        {
            Assert.Matches(@"^\d{8}-\d{7}$", order.GetProperty("order_id").GetString());
            Assert.Matches("^C\\d{5}$", order.GetProperty("member_id").GetString());
            Assert.Matches(KoreanTime, order.GetProperty("order_date").GetString());
            Assert.Matches(Money, order.GetProperty("payment_amount").GetString());
            Assert.Equal("T", order.GetProperty("paid").GetString());
            Assert.Contains(order.GetProperty("shipping_status").GetString(), new[] { "F", "M", "T" });
            Assert.Equal(order.GetProperty("order_status").GetString() == "C40" ? "T" : "F", order.GetProperty("canceled").GetString());
            Assert.False(order.TryGetProperty("items", out _));
        }

        var raw = await api.Server.Client.GetStringAsync(Api + "/orders?limit=1");
        Assert.Matches("\"order_date\":\"[0-9T:-]+\\+09:00\"", raw);

        var dates = orders.Select(o => DateTimeOffset.Parse(o.GetProperty("order_date").GetString()!)).ToList();
        Assert.Equal(dates.OrderDescending(), dates);
        var next = Assert.Single(body.GetProperty("links").EnumerateArray());
        Assert.Equal("next", next.GetProperty("rel").GetString());
        Assert.EndsWith("/sandbox/api/v2/admin/orders?offset=10", next.GetProperty("href").GetString());

        var page = await api.GetAsync("/orders?limit=5&offset=5");
        Assert.Equal(orders.Skip(5).Select(Id), page.GetProperty("orders").EnumerateArray().Select(Id));
        Assert.Equal(["previous", "next"], page.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("rel").GetString()));
        Assert.Equal(1000, (await api.GetAsync("/orders?limit=1000")).GetProperty("orders").GetArrayLength());
        Assert.Empty((await api.GetAsync("/orders?offset=15000")).GetProperty("orders").EnumerateArray());

        foreach (var bad in new[] { "limit=0", "limit=1001", "limit=ten", "offset=15001", "order_status=N10,N20", "order_status=X99", "embed=coupons",
                     "start_date=yesterday", "start_date=2026-01-01&end_date=2026-05-01", "date_type=pay_date" })
        {
            Assert.Contains(bad.Split('=')[0], ErrorMessage(await api.GetAsync("/orders?" + bad, HttpStatusCode.UnprocessableEntity), HttpStatusCode.UnprocessableEntity));
        }
    }

    [Fact]
    public async Task Orders_filter_by_status_ids_dates_member_and_buyer_cellphone()
    {
        var cancelled = (await api.GetAsync("/orders?order_status=c40&limit=100")).GetProperty("orders").EnumerateArray().ToList();
        Assert.InRange(cancelled.Count, 30, 70);
        Assert.All(cancelled, o => Assert.Equal(("C40", "T", "F"),
            (o.GetProperty("order_status").GetString(), o.GetProperty("canceled").GetString(), o.GetProperty("shipping_status").GetString())));

        var latest = (await api.GetAsync("/orders?limit=30")).GetProperty("orders").EnumerateArray().ToList();
        var picked = new[] { Id(latest[3]), Id(latest[20]) };
        Assert.Equal(picked, (await api.GetAsync($"/orders?order_id={picked[0]},{picked[1]},20000101-0000000")).GetProperty("orders").EnumerateArray().Select(Id));

        var day = latest[0].GetProperty("order_date").GetString()![..10];
        var sameDay = (await api.GetAsync($"/orders?start_date={day}&end_date={day}&limit=100")).GetProperty("orders").EnumerateArray().ToList();
        Assert.Contains(Id(latest[0]), sameDay.Select(Id));
        Assert.All(sameDay, o => Assert.StartsWith(day, o.GetProperty("order_date").GetString()));

        var member = latest[0].GetProperty("member_id").GetString()!;
        var mine = (await api.GetAsync($"/orders?member_id={member}&limit=100")).GetProperty("orders").EnumerateArray().ToList();
        Assert.All(mine, o => Assert.Equal(member, o.GetProperty("member_id").GetString()));
        var cellphone = (await api.GetAsync($"/customersprivacy?member_id={member}")).GetProperty("customersprivacy")[0].GetProperty("cellphone").GetString()!;
        var byPhone = await api.GetAsync($"/orders?buyer_cellphone={Uri.EscapeDataString("+82" + cellphone[1..])}&limit=100");
        Assert.Equal(mine.Select(Id), byPhone.GetProperty("orders").EnumerateArray().Select(Id));
        Assert.Empty((await api.GetAsync("/orders?buyer_cellphone=010-0000-0000")).GetProperty("orders").EnumerateArray());
    }

    [Fact]
    public async Task An_order_embeds_items_receivers_and_buyer_and_has_its_shipment()
    {
        var delivered = Id((await api.GetAsync("/orders?order_status=N40&limit=1")).GetProperty("orders")[0]);

        var order = (await api.GetAsync($"/orders/{delivered}?embed=items,receivers,buyer")).GetProperty("order");
        Assert.Equal(("N40", "T"), (order.GetProperty("order_status").GetString(), order.GetProperty("shipping_status").GetString()));
        var item = order.GetProperty("items")[0];
        Assert.Equal($"{delivered}-01", item.GetProperty("order_item_code").GetString());
        Assert.Matches(Money, item.GetProperty("product_price").GetString());
        Assert.Matches(@"^P\d{7}000A$", item.GetProperty("variant_code").GetString());
        Assert.Equal("배송완료", item.GetProperty("status_text").GetString());
        Assert.Matches(@"^\d{12}$", item.GetProperty("tracking_no").GetString());
        Assert.Matches(KoreanTime, item.GetProperty("delivered_date").GetString());
        var receiver = order.GetProperty("receivers")[0];
        Assert.Equal(receiver.GetProperty("address1").GetString(), receiver.GetProperty("address_full").GetString());
        Assert.Equal($"D-{delivered}-00", receiver.GetProperty("shipping_code").GetString());
        Assert.Contains("@", order.GetProperty("buyer").GetProperty("email").GetString());

        Assert.Equal(order.GetProperty("items").GetArrayLength(), (await api.GetAsync($"/orders/{delivered}/items")).GetProperty("items").GetArrayLength());
        Assert.Equal(order.GetProperty("member_id").GetString(), (await api.GetAsync($"/orders/{delivered}/buyer")).GetProperty("buyer").GetProperty("member_id").GetString());
        Assert.Equal(receiver.GetProperty("name").GetString(), (await api.GetAsync($"/orders/{delivered}/receivers")).GetProperty("receivers")[0].GetProperty("name").GetString());
        var shipment = Assert.Single((await api.GetAsync($"/orders/{delivered}/shipments")).GetProperty("shipments").EnumerateArray());
        Assert.Equal((item.GetProperty("tracking_no").GetString(), "shipped"), (shipment.GetProperty("tracking_no").GetString(), shipment.GetProperty("status").GetString()));
        Assert.Matches(@"^000[1-5]$", shipment.GetProperty("shipping_company_code").GetString());
        Assert.NotEmpty(shipment.GetProperty("tracking_events").EnumerateArray());

        var paid = Id((await api.GetAsync("/orders?order_status=N10&limit=1")).GetProperty("orders")[0]);
        Assert.Empty((await api.GetAsync($"/orders/{paid}/shipments")).GetProperty("shipments").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, (await api.GetAsync($"/orders/{paid}/items")).GetProperty("items")[0].GetProperty("tracking_no").ValueKind);
    }

    [Fact]
    public async Task An_unknown_order_is_a_404_in_cafe24_error_shape()
    {
        foreach (var path in new[] { "", "/items", "/buyer", "/receivers", "/shipments" })
        {
            var body = await api.GetAsync($"/orders/20000101-0000000{path}", HttpStatusCode.NotFound);
            Assert.Contains("20000101-0000000", ErrorMessage(body, HttpStatusCode.NotFound));
        }
    }

    [Fact]
    public async Task A_receiver_changes_before_shipping_and_is_refused_after()
    {
        var paid = Id((await api.GetAsync("/orders?order_status=N10&limit=1&offset=3")).GetProperty("orders")[0]);
        var change = new { shop_no = 1, request = new { name = "김수령", cellphone = "010-2222-3333", address1 = "서울특별시 중구 세종대로 110", address2 = "3층" } };

        var changed = (await api.SendAsync(HttpMethod.Put, $"/orders/{paid}/receivers", change, HttpStatusCode.OK)).GetProperty("receivers")[0];
        Assert.Equal(("김수령", "010-2222-3333", "서울특별시 중구 세종대로 110 3층"),
            (changed.GetProperty("name").GetString(), changed.GetProperty("cellphone").GetString(), changed.GetProperty("address1").GetString()));
        var stored = (await api.GetAsync($"/orders/{paid}/receivers")).GetProperty("receivers")[0];
        Assert.Equal("서울특별시 중구 세종대로 110 3층", stored.GetProperty("address_full").GetString());
        var nameOnly = await api.SendAsync(HttpMethod.Put, $"/orders/{paid}/receivers", new { shop_no = 1, request = new { name = "박수령" } }, HttpStatusCode.OK);
        Assert.Equal("010-2222-3333", nameOnly.GetProperty("receivers")[0].GetProperty("phone").GetString());

        var inTransit = Id((await api.GetAsync("/orders?order_status=N30&limit=1")).GetProperty("orders")[0]);
        var refused = await api.SendAsync(HttpMethod.Put, $"/orders/{inTransit}/receivers", change, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("배송중", ErrorMessage(refused, HttpStatusCode.UnprocessableEntity));
        var cancelled = Id((await api.GetAsync("/orders?order_status=C40&limit=1")).GetProperty("orders")[0]);
        Assert.Contains("cancelled", ErrorMessage(
            await api.SendAsync(HttpMethod.Put, $"/orders/{cancelled}/receivers", change, HttpStatusCode.UnprocessableEntity), HttpStatusCode.UnprocessableEntity));

        await api.SendAsync(HttpMethod.Put, "/orders/20000101-0000000/receivers", change, HttpStatusCode.NotFound);
        await api.SendAsync(HttpMethod.Put, $"/orders/{paid}/receivers", new { shop_no = 1 }, HttpStatusCode.UnprocessableEntity);
        await api.SendRawAsync(HttpMethod.Put, $"/orders/{paid}/receivers", "{\"request\":", HttpStatusCode.BadRequest);
        using var viewer = api.Server.CreateClient(await api.Server.CreateKeyAsync("viewer"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsync($"{Api}/orders/{paid}/receivers", System.Net.Http.Json.JsonContent.Create(change))).StatusCode);
    }

    [Fact]
    public async Task Another_orgs_key_sees_only_its_own_sandbox_and_no_key_sees_nothing()
    {
        using var acme = api.Server.CreateClient(api.AcmeKey);
        var demoOrders = (await api.GetAsync("/orders?limit=50")).GetProperty("orders").EnumerateArray().Select(Id).ToHashSet();
        var acmeOrders = (await api.GetAsync("/orders?limit=50", client: acme)).GetProperty("orders").EnumerateArray().Select(Id).ToList();

        Assert.Equal(50, acmeOrders.Count);
        Assert.DoesNotContain(acmeOrders, demoOrders.Contains);
        var demoOnly = demoOrders.First(id => !acmeOrders.Contains(id));
        await api.GetAsync($"/orders/{demoOnly}", HttpStatusCode.NotFound, acme);
        Assert.Empty((await api.GetAsync($"/orders?order_id={demoOnly}", client: acme)).GetProperty("orders").EnumerateArray());

        using var anonymous = api.Server.CreateClient();
        foreach (var path in new[] { "/orders", $"/orders/{demoOnly}", "/customers?member_id=C00001", "/boards", "/products/1001" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Api + path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsync($"{Api}/products/1001/variants/P0001001000A/inventories",
            System.Net.Http.Json.JsonContent.Create(new { shop_no = 1, request = new { quantity = 1 } }))).StatusCode);
    }

    private static string Id(JsonElement order) => order.GetProperty("order_id").GetString()!;
}
