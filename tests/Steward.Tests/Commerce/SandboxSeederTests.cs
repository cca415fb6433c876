using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Steward.Commerce.Sandbox;
using Steward.Security;
using Steward.Storage;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Commerce;

public class SandboxSeederTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 30, 30, TimeSpan.Zero);

    private static readonly string[] Tables =
    [
        "sandbox_customers", "sandbox_products", "sandbox_inventory", "sandbox_orders", "sandbox_order_items", "sandbox_shipments",
        "sandbox_tracking_events", "sandbox_boards", "sandbox_articles",
    ];

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Seeds_a_realistic_shop_once(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        using var host = await Fixtures.Services.BuildWithOrgAsync(storage);
        var database = host.Services.GetRequiredService<Database>();
        var seeder = new SandboxSeeder(database, new FrozenClock(Now));

        var result = await seeder.SeedAsync("shop");
        Assert.True(result.Seeded);
        Assert.Equal(200, result.Customers);
        Assert.Equal(100, result.Products);
        Assert.Equal(10, result.OutOfStock);
        Assert.Equal(1000, result.Orders);
        Assert.InRange(result.OrderItems, 1000, 3000);
        Assert.Equal(2, result.Boards);
        Assert.Equal(40, result.Articles);

        await using var connection = await database.OpenAsync();
        var orders = (await connection.QueryAsync<(string OrderId, string Status, DateTimeOffset OrderedAt, long Total)>(
            "SELECT order_id, status, ordered_at, total FROM sandbox_orders WHERE org_id = 'shop'")).ToList();
        foreach (var order in orders)
        {
            Assert.Matches(@"^\d{8}-\d{7}$", order.OrderId);
            Assert.Equal(TimeZoneInfo.ConvertTime(order.OrderedAt, SandboxSeeder.Seoul).ToString("yyyyMMdd", CultureInfo.InvariantCulture), order.OrderId[..8]);
            Assert.InRange(order.OrderedAt, Now.AddDays(-SandboxSeeder.OrderDays), Now);
            Assert.True(order.Total > 0);
        }

        foreach (var (status, percent) in SandboxSeeder.StatusMix)
        {
            Assert.InRange(orders.Count(o => o.Status == status) * 100.0 / orders.Count, percent - 5, percent + 5);
        }

        var shipped = (await connection.QueryAsync<string>("SELECT order_id FROM sandbox_shipments WHERE org_id = 'shop'")).ToHashSet();
        var tracked = (await connection.QueryAsync<string>("SELECT DISTINCT order_id FROM sandbox_tracking_events WHERE org_id = 'shop'")).ToHashSet();
        foreach (var order in orders)
        {
            var shouldShip = SandboxSeeder.ShippedStatuses.Contains(order.Status);
            Assert.Equal(shouldShip, shipped.Contains(order.OrderId));
            Assert.Equal(shouldShip, tracked.Contains(order.OrderId));
        }

        var shipments = (await connection.QueryAsync<(string Carrier, string TrackingNo, DateTimeOffset ShippedAt, DateTimeOffset? DeliveredAt)>(
            "SELECT carrier, tracking_no, shipped_at, delivered_at FROM sandbox_shipments WHERE org_id = 'shop'")).ToList();
        Assert.All(shipments, s => Assert.Matches(@"^\d{12}$", s.TrackingNo));
        Assert.All(shipments, s => Assert.True(s.ShippedAt <= Now && (s.DeliveredAt is null || (s.DeliveredAt > s.ShippedAt && s.DeliveredAt <= Now))));
        Assert.All(await connection.QueryAsync<DateTimeOffset>("SELECT at FROM sandbox_tracking_events WHERE org_id = 'shop'"), at => Assert.True(at <= Now));

        var phones = (await connection.QueryAsync<string>("SELECT phone FROM sandbox_customers WHERE org_id = 'shop'")).ToList();
        Assert.All(phones, p => Assert.Matches(@"^010-\d{4}-\d{4}$", p));
        Assert.Equal(phones.Count, phones.Distinct().Count());
        Assert.All(await connection.QueryAsync<string>("SELECT name FROM sandbox_customers WHERE org_id = 'shop'"), n => Assert.Matches("^[가-힣]{3}$", n));

        var names = (await connection.QueryAsync<string>("SELECT name FROM sandbox_products WHERE org_id = 'shop'")).ToList();
        Assert.Contains("에어프라이어 AF-500", names);
        Assert.Contains("무선청소기 VC-20", names);
        Assert.Contains("린넨 셔츠", names);
        Assert.Equal(5, await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT category) FROM sandbox_products WHERE org_id = 'shop'"));
        var answered = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sandbox_articles WHERE org_id = 'shop' AND answered = 1");
        Assert.InRange(answered, 1, 39);

        var before = await SnapshotAsync(database, "shop");
        var again = await seeder.SeedAsync("shop", seed: 7);
        Assert.False(again.Seeded);
        Assert.Equal(result with { Seeded = false }, again);
        Assert.Equal(before, await SnapshotAsync(database, "shop"));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_same_seed_gives_the_same_shop_and_orgs_stay_apart(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        using var host = await Fixtures.Services.BuildWithOrgAsync(storage);
        var orgs = host.Services.GetRequiredService<OrgStore>();
        await orgs.EnsureAsync("other", "Other");
        await orgs.EnsureAsync("third", "Third");
        var database = host.Services.GetRequiredService<Database>();
        var seeder = new SandboxSeeder(database, new FrozenClock(Now));

        await seeder.SeedAsync("shop");
        var shop = await SnapshotAsync(database, "shop");
        Assert.Equal(Tables.Length, shop.Count);
        Assert.All((await SnapshotAsync(database, "other")).Values, Assert.Empty);

        await seeder.SeedAsync("other");
        Assert.Equal(shop, await SnapshotAsync(database, "other"));
        Assert.Equal(shop, await SnapshotAsync(database, "shop"));

        await seeder.SeedAsync("third", seed: 99);
        var third = await SnapshotAsync(database, "third");
        Assert.NotEqual(shop["sandbox_orders"], third["sandbox_orders"]);
        Assert.Equal(shop, await SnapshotAsync(database, "shop"));
    }

    /// <summary>Every sandbox row of an org but its org_id, as text, in key order: equal snapshots mean equal data.</summary>
    private static async Task<Dictionary<string, List<string>>> SnapshotAsync(Database database, string orgId)
    {
        await using var connection = await database.OpenAsync();
        var snapshot = new Dictionary<string, List<string>>();
        foreach (var table in Tables)
        {
            var rows = await connection.QueryAsync($"SELECT * FROM {table} WHERE org_id = @orgId", new { orgId });
            snapshot[table] = rows.Cast<IDictionary<string, object?>>()
                .Select(row => string.Join("|", row.Where(c => c.Key != "org_id").OrderBy(c => c.Key, StringComparer.Ordinal)
                    .Select(c => $"{c.Key}={Convert.ToString(c.Value, CultureInfo.InvariantCulture)}")))
                .Order(StringComparer.Ordinal).ToList();
        }

        return snapshot;
    }
}
