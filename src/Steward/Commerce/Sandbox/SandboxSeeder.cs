using System.Data.Common;
using System.Globalization;
using Dapper;
using Steward.Storage;

namespace Steward.Commerce.Sandbox;

/// <summary>How many sandbox rows an org has, and whether this call created them.</summary>
public sealed record SandboxSeedResult(
    bool Seeded, long Customers, long Products, long OutOfStock, long Orders, long OrderItems, long Shipments, long TrackingEvents,
    long Boards, long Articles);

/// <summary>
/// Fills an org's sandbox shop with a deterministic demo: customers, a catalogue with stock, four months of orders with
/// shipments and tracking, and customer Q&amp;A boards. Everything comes from <c>new Random(seed)</c> and the clock, so the
/// same seed at the same instant gives identical rows. Seeding an org that already has sandbox customers changes nothing.
/// </summary>
public sealed class SandboxSeeder(Database database, TimeProvider time)
{
    public const int CustomerCount = 200;
    public const int OrderCount = 1000;
    public const int OutOfStockCount = 10;
    public const int OrderDays = 120;

    /// <summary>Order statuses and how many of every 100 orders have each.</summary>
    public static readonly IReadOnlyList<(string Status, int Percent)> StatusMix =
        [("결제완료", 10), ("배송준비중", 10), ("배송중", 15), ("배송완료", 55), ("취소", 5), ("반품", 5)];

    /// <summary>The statuses whose orders have left the warehouse, and so have a shipment and tracking.</summary>
    public static readonly IReadOnlySet<string> ShippedStatuses = new HashSet<string>(StringComparer.Ordinal) { "배송중", "배송완료", "반품" };

    public const int FreeShippingFrom = 50_000;
    private const int ShippingFee = 3_000;

    /// <summary>The zone whose calendar dates order numbers carry.</summary>
    public static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    public async Task<SandboxSeedResult> SeedAsync(string orgId, int seed = 2026, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await Database.BeginWriteAsync(connection, ct);
        if (database.Dialect == SqlDialect.Postgres)
        {
            // Two seeders of one org at once would both see no customers; SQLite's write transaction already serialises.
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext(@key))", new { key = $"sandbox:{orgId}" }, transaction);
        }

        var existing = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM sandbox_customers WHERE org_id = @orgId", new { orgId }, transaction);
        if (existing > 0)
        {
            return await CountAsync(connection, transaction, orgId, seeded: false);
        }

        var shop = Generate(orgId, seed, time.GetUtcNow());
        await connection.ExecuteAsync(
            "INSERT INTO sandbox_customers (org_id, id, name, phone, email, address, created_at) VALUES (@OrgId, @Id, @Name, @Phone, @Email, @Address, @CreatedAt)",
            shop.Customers, transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO sandbox_products (org_id, product_no, name, category, price, description, supplier, shipping_fee, shipping_days, created_at)
            VALUES (@OrgId, @ProductNo, @Name, @Category, @Price, @Description, @Supplier, @ShippingFee, @ShippingDays, @CreatedAt)
            """,
            shop.Products, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO sandbox_inventory (org_id, product_no, stock) VALUES (@OrgId, @ProductNo, @Stock)", shop.Inventory, transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO sandbox_orders (org_id, order_id, customer_id, status, total, ordered_at, recipient, phone, address)
            VALUES (@OrgId, @OrderId, @CustomerId, @Status, @Total, @OrderedAt, @Recipient, @Phone, @Address)
            """,
            shop.Orders, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO sandbox_order_items (org_id, order_id, line, product_no, quantity, price) VALUES (@OrgId, @OrderId, @Line, @ProductNo, @Quantity, @Price)",
            shop.Items, transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO sandbox_shipments (org_id, order_id, carrier, tracking_no, shipped_at, delivered_at)
            VALUES (@OrgId, @OrderId, @Carrier, @TrackingNo, @ShippedAt, @DeliveredAt)
            """,
            shop.Shipments, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO sandbox_tracking_events (org_id, order_id, seq, at, location, description) VALUES (@OrgId, @OrderId, @Seq, @At, @Location, @Description)",
            shop.Events, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO sandbox_boards (org_id, board_no, name) VALUES (@OrgId, @BoardNo, @Name)", shop.Boards, transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO sandbox_articles (org_id, board_no, article_no, title, content, writer, created_at, answered)
            VALUES (@OrgId, @BoardNo, @ArticleNo, @Title, @Content, @Writer, @CreatedAt, @Answered)
            """,
            shop.Articles, transaction);
        var result = await CountAsync(connection, transaction, orgId, seeded: true);
        await transaction.CommitAsync(ct);
        return result;
    }

    private static async Task<SandboxSeedResult> CountAsync(DbConnection connection, DbTransaction transaction, string orgId, bool seeded)
    {
        var counts = await connection.QuerySingleAsync<(long, long, long, long, long, long, long, long, long)>(
            """
            SELECT (SELECT COUNT(*) FROM sandbox_customers WHERE org_id = @orgId),
                   (SELECT COUNT(*) FROM sandbox_products WHERE org_id = @orgId),
                   (SELECT COUNT(*) FROM sandbox_inventory WHERE org_id = @orgId AND stock = 0),
                   (SELECT COUNT(*) FROM sandbox_orders WHERE org_id = @orgId),
                   (SELECT COUNT(*) FROM sandbox_order_items WHERE org_id = @orgId),
                   (SELECT COUNT(*) FROM sandbox_shipments WHERE org_id = @orgId),
                   (SELECT COUNT(*) FROM sandbox_tracking_events WHERE org_id = @orgId),
                   (SELECT COUNT(*) FROM sandbox_boards WHERE org_id = @orgId),
                   (SELECT COUNT(*) FROM sandbox_articles WHERE org_id = @orgId)
            """,
            new { orgId }, transaction);
        return new SandboxSeedResult(seeded, counts.Item1, counts.Item2, counts.Item3, counts.Item4, counts.Item5, counts.Item6, counts.Item7,
            counts.Item8, counts.Item9);
    }

    private sealed record CustomerRow(string OrgId, string Id, string Name, string Phone, string Email, string Address, DateTimeOffset CreatedAt);

    private sealed record ProductRow(
        string OrgId, long ProductNo, string Name, string Category, long Price, string Description, string Supplier, long ShippingFee,
        long ShippingDays, DateTimeOffset CreatedAt);

    private sealed record InventoryRow(string OrgId, long ProductNo, long Stock);

    private sealed record OrderRow(
        string OrgId, string OrderId, string CustomerId, string Status, long Total, DateTimeOffset OrderedAt, string Recipient, string Phone, string Address);

    private sealed record ItemRow(string OrgId, string OrderId, long Line, long ProductNo, long Quantity, long Price);

    private sealed record ShipmentRow(string OrgId, string OrderId, string Carrier, string TrackingNo, DateTimeOffset ShippedAt, DateTimeOffset? DeliveredAt);

    private sealed record EventRow(string OrgId, string OrderId, long Seq, DateTimeOffset At, string Location, string Description);

    private sealed record BoardRow(string OrgId, long BoardNo, string Name);

    private sealed record ArticleRow(
        string OrgId, long BoardNo, long ArticleNo, string Title, string Content, string Writer, DateTimeOffset CreatedAt, long Answered);

    private sealed record Shop(
        List<CustomerRow> Customers, List<ProductRow> Products, List<InventoryRow> Inventory, List<OrderRow> Orders, List<ItemRow> Items,
        List<ShipmentRow> Shipments, List<EventRow> Events, List<BoardRow> Boards, List<ArticleRow> Articles);

    private static Shop Generate(string orgId, int seed, DateTimeOffset nowPrecise)
    {
        var random = new Random(seed);
        var now = DateTimeOffset.FromUnixTimeSeconds(nowPrecise.ToUnixTimeSeconds());

        var phones = new HashSet<string>(StringComparer.Ordinal);
        var customers = new List<CustomerRow>(CustomerCount);
        for (var i = 0; i < CustomerCount; i++)
        {
            customers.Add(new CustomerRow(orgId, $"C{i + 1:D5}", SandboxNames.Name(random), SandboxNames.Phone(random, phones),
                SandboxNames.Email(random), SandboxNames.Address(random), now - Seconds(random, TimeSpan.FromDays(OrderDays), TimeSpan.FromDays(720))));
        }

        var products = GenerateProducts(orgId, random, now);
        var outOfStock = products.Select(p => p.ProductNo).OrderBy(_ => random.Next()).Take(OutOfStockCount).ToHashSet();
        var inventory = products.Select(p => new InventoryRow(orgId, p.ProductNo, outOfStock.Contains(p.ProductNo) ? 0 : random.Next(1, 300))).ToList();

        var (orders, items, shipments, events) = GenerateOrders(orgId, random, now, customers, products);
        var (boards, articles) = GenerateBoards(orgId, random, now, customers, products, orders);
        return new Shop(customers, products, inventory, orders, items, shipments, events, boards, articles);
    }

    private static List<ProductRow> GenerateProducts(string orgId, Random random, DateTimeOffset now)
    {
        var products = new List<ProductRow>();
        foreach (var (category, fixedNames, bases, codes, minPrice, maxPrice) in SandboxNames.Catalogue)
        {
            var names = new HashSet<string>(fixedNames, StringComparer.Ordinal);
            var appliance = category.EndsWith("가전", StringComparison.Ordinal);
            while (names.Count < SandboxNames.ProductsPerCategory)
            {
                var index = random.Next(bases.Length);
                names.Add(appliance
                    ? $"{bases[index]} {codes[index]}-{random.Next(1, 10) * 10 + (random.Next(2) == 0 ? 0 : 100 * random.Next(1, 9))}"
                    : $"{SandboxNames.Pick(random, codes)} {bases[index]}");
            }

            foreach (var name in fixedNames.Concat(names.Except(fixedNames)))
            {
                var price = random.Next(minPrice, maxPrice + 1) * 1000 - (random.Next(3) == 0 ? 0 : 100);
                var days = random.Next(1, 4);
                products.Add(new ProductRow(orgId, 1001 + products.Count, name, category, price,
                    $"{category} 인기 상품 {name}입니다. 결제 후 {days}영업일 안에 출고됩니다.",
                    SandboxNames.Pick(random, SandboxNames.Suppliers), price >= FreeShippingFrom ? 0 : ShippingFee, days,
                    now - Seconds(random, TimeSpan.FromDays(OrderDays), TimeSpan.FromDays(400))));
            }
        }

        return products;
    }

    private static (List<OrderRow>, List<ItemRow>, List<ShipmentRow>, List<EventRow>) GenerateOrders(
        string orgId, Random random, DateTimeOffset now, List<CustomerRow> customers, List<ProductRow> products)
    {
        var statuses = StatusMix.SelectMany(s => Enumerable.Repeat(s.Status, OrderCount * s.Percent / 100)).ToArray();
        random.Shuffle(statuses);

        // Draw every order first, then number them in time order, as a shop's order numbers grow.
        var drafts = statuses.Select(status =>
        {
            var age = status switch
            {
                "결제완료" => Seconds(random, TimeSpan.FromMinutes(10), TimeSpan.FromDays(2)),
                "배송준비중" => Seconds(random, TimeSpan.FromHours(12), TimeSpan.FromDays(4)),
                "배송중" => Seconds(random, TimeSpan.FromDays(1.5), TimeSpan.FromDays(6)),
                "반품" => Seconds(random, TimeSpan.FromDays(10), TimeSpan.FromDays(OrderDays)),
                _ => Seconds(random, TimeSpan.FromDays(4), TimeSpan.FromDays(OrderDays)),
            };
            var customer = customers[random.Next(customers.Count)];
            var lines = random.Next(1, 4);
            var chosen = products.OrderBy(_ => random.Next()).Take(lines).ToList();
            var quantities = chosen.Select(_ => random.Next(10) < 7 ? 1 : random.Next(2, 4)).ToList();
            (string Name, string Phone, string Address)? giftTo = random.Next(10) == 0
                ? (SandboxNames.Name(random), SandboxNames.Phone(random, []), SandboxNames.Address(random))
                : null;
            return (Status: status, OrderedAt: now - age, Customer: customer, Products: chosen, Quantities: quantities, GiftTo: giftTo);
        }).ToList();
        drafts = [.. drafts.OrderBy(d => d.OrderedAt)];

        var orders = new List<OrderRow>(OrderCount);
        var items = new List<ItemRow>();
        var shipments = new List<ShipmentRow>();
        var events = new List<EventRow>();
        var trackingNumbers = new HashSet<string>(StringComparer.Ordinal);
        var sequence = random.Next(1_000_000, 2_000_000);
        foreach (var draft in drafts)
        {
            sequence += random.Next(1, 40);
            var orderId = $"{TimeZoneInfo.ConvertTime(draft.OrderedAt, Seoul):yyyyMMdd}-{sequence:D7}";
            var subtotal = 0L;
            for (var line = 0; line < draft.Products.Count; line++)
            {
                var product = draft.Products[line];
                items.Add(new ItemRow(orgId, orderId, line + 1, product.ProductNo, draft.Quantities[line], product.Price));
                subtotal += product.Price * draft.Quantities[line];
            }

            // One order in ten is a gift: shipped to someone other than the customer.
            var (recipient, phone, address) = draft.GiftTo ?? (draft.Customer.Name, draft.Customer.Phone, draft.Customer.Address);
            orders.Add(new OrderRow(orgId, orderId, draft.Customer.Id, draft.Status, subtotal + (subtotal >= FreeShippingFrom ? 0 : ShippingFee),
                draft.OrderedAt, recipient, phone, address));

            if (ShippedStatuses.Contains(draft.Status))
            {
                var (shipment, tracking) = Ship(orgId, random, now, orderId, draft.Status, draft.OrderedAt, orders[^1].Address, trackingNumbers);
                shipments.Add(shipment);
                events.AddRange(tracking);
            }
        }

        return (orders, items, shipments, events);
    }

    private static (ShipmentRow, List<EventRow>) Ship(
        string orgId, Random random, DateTimeOffset now, string orderId, string status, DateTimeOffset orderedAt, string address, HashSet<string> trackingNumbers)
    {
        string trackingNo;
        do
        {
            trackingNo = string.Concat(Enumerable.Range(0, 12).Select(i => (char)('0' + (i == 0 ? random.Next(1, 10) : random.Next(10)))));
        }
        while (!trackingNumbers.Add(trackingNo));

        var carrier = SandboxNames.Pick(random, SandboxNames.Carriers);
        var hub = SandboxNames.Pick(random, SandboxNames.Hubs);
        var branch = SandboxNames.BranchOf(address);
        var shippedAt = orderedAt + TimeSpan.FromDays(1) + Seconds(random, TimeSpan.Zero, TimeSpan.FromHours(8));
        DateTimeOffset? deliveredAt = status == "배송중" ? null : shippedAt + Seconds(random, TimeSpan.FromHours(12), TimeSpan.FromHours(48));

        var steps = new List<(DateTimeOffset At, string Location, string Description)>
        {
            (shippedAt, $"{SandboxNames.Pick(random, SandboxNames.Suppliers)} 물류센터", "상품을 인수했습니다 (집하 완료)"),
            (shippedAt + TimeSpan.FromHours(6), hub, "간선 상차: 터미널에서 출발했습니다"),
            (shippedAt + TimeSpan.FromHours(10), hub, "간선 하차: 배송 지역 터미널에 도착했습니다"),
        };
        if (deliveredAt is { } delivered)
        {
            steps.Add((delivered - TimeSpan.FromHours(4), branch, "배송 출발: 배송 기사님이 상품을 가지고 출발했습니다"));
            steps.Add((delivered, branch, "배송 완료: 고객님께 상품을 전달했습니다"));
            if (status == "반품")
            {
                var requested = delivered + Seconds(random, TimeSpan.FromDays(1), TimeSpan.FromDays(5));
                steps.Add((requested, branch, "반품 접수: 반품 회수를 요청했습니다"));
                steps.Add((requested + TimeSpan.FromDays(1), branch, "반품 회수 완료: 판매자에게 반송 중입니다"));
            }
        }

        var events = steps.Where(s => s.At <= now).OrderBy(s => s.At)
            .Select((s, i) => new EventRow(orgId, orderId, i + 1, s.At, s.Location, s.Description)).ToList();
        return (new ShipmentRow(orgId, orderId, carrier, trackingNo, shippedAt, deliveredAt), events);
    }

    private static (List<BoardRow>, List<ArticleRow>) GenerateBoards(
        string orgId, Random random, DateTimeOffset now, List<CustomerRow> customers, List<ProductRow> products, List<OrderRow> orders)
    {
        string[] productQuestions =
        [
            "{0} 재입고 언제 되나요?", "{0} 사이즈(용량) 문의드립니다", "{0} 색상 실물과 차이가 있나요?", "{0} 사용 방법 문의",
            "{0} 구성품이 어떻게 되나요?", "{0} A/S 기간이 궁금합니다", "{0} 선물 포장 가능한가요?", "{0} 세척(관리)은 어떻게 하나요?",
        ];
        string[] shippingQuestions =
        [
            "주문번호 {0} 언제 도착하나요?", "주문번호 {0} 배송지 변경하고 싶어요", "주문번호 {0} 송장번호 조회가 안 돼요",
            "주문번호 {0} 묶음 배송 가능한가요?", "주문번호 {0} 제주도 추가 배송비 문의", "주문번호 {0} 부분 배송 되었나요?",
        ];
        var boards = new List<BoardRow> { new(orgId, 1, "상품 Q&A"), new(orgId, 2, "배송 문의") };
        var drafts = new List<(long Board, string Title, string Content, string Writer, DateTimeOffset CreatedAt, long Answered)>();
        for (var i = 0; i < 40; i++)
        {
            var board = i % 2 == 0 ? 1L : 2L;
            var customer = customers[random.Next(customers.Count)];
            var subject = board == 1 ? products[random.Next(products.Count)].Name : orders[random.Next(orders.Count)].OrderId;
            var template = board == 1 ? SandboxNames.Pick(random, productQuestions) : SandboxNames.Pick(random, shippingQuestions);
            var title = string.Format(CultureInfo.InvariantCulture, template, subject);
            var content = $"안녕하세요. {title} 확인 부탁드립니다. 감사합니다.";
            drafts.Add((board, title, content, customer.Name, now - Seconds(random, TimeSpan.FromMinutes(30), TimeSpan.FromDays(30)),
                random.Next(10) < 6 ? 1 : 0));
        }

        var articles = drafts.OrderBy(d => d.Board).ThenBy(d => d.CreatedAt).GroupBy(d => d.Board)
            .SelectMany(group => group.Select((d, i) => new ArticleRow(orgId, d.Board, i + 1, d.Title, d.Content, d.Writer, d.CreatedAt, d.Answered)))
            .ToList();
        return (boards, articles);
    }

    /// <summary>A whole number of seconds between <paramref name="min"/> and <paramref name="max"/>.</summary>
    private static TimeSpan Seconds(Random random, TimeSpan min, TimeSpan max) =>
        TimeSpan.FromSeconds(random.NextInt64((long)min.TotalSeconds, (long)max.TotalSeconds));
}
