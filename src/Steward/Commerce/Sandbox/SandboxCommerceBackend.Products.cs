using Dapper;

namespace Steward.Commerce.Sandbox;

internal sealed partial class SandboxCommerceBackend
{
    public const int MaxProducts = 100;
    public const int MaxFoundProducts = 50;

    public async Task<Product?> GetProductAsync(long productNo, CancellationToken cancellationToken) =>
        (await ListProductsAsync(new ProductQuery([productNo], Limit: 1), cancellationToken)).SingleOrDefault();

    /// <summary>Exact name first, then names that start with it, then names that contain it; shorter names first within each.</summary>
    public async Task<IReadOnlyList<Product>> FindProductsAsync(string name, int limit, CancellationToken cancellationToken)
    {
        var needle = Squeeze(name);
        if (needle.Length == 0)
        {
            return [];
        }

        var matches = await QueryProductsAsync(new ProductQuery(Name: needle), limit: null, cancellationToken);
        return matches
            .OrderBy(p => Squeeze(p.Name) == needle ? 0 : Squeeze(p.Name).StartsWith(needle, StringComparison.Ordinal) ? 1 : 2)
            .ThenBy(p => p.Name.Length)
            .ThenBy(p => p.ProductNo)
            .Take(Math.Clamp(limit, 1, MaxFoundProducts))
            .ToList();
    }

    public Task<IReadOnlyList<Product>> ListProductsAsync(ProductQuery query, CancellationToken cancellationToken) =>
        QueryProductsAsync(query, Math.Clamp(query.Limit, 1, MaxProducts), cancellationToken);

    public async Task<Supply?> GetSupplyAsync(long productNo, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SupplyRow>(
            $"SELECT p.name, p.supplier, {Stock} AS stock {ProductFrom} WHERE p.org_id = @orgId AND p.product_no = @productNo", new { orgId, productNo });
        return row is null ? null : new Supply(productNo, row.Name, row.Supplier, row.Stock, row.Stock == 0);
    }

    public async Task<ShippingInfo?> GetShippingAsync(long productNo, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ShippingRow>(
            "SELECT name, shipping_fee, shipping_days FROM sandbox_products WHERE org_id = @orgId AND product_no = @productNo", new { orgId, productNo });
        return row is null ? null : new ShippingInfo(productNo, row.Name, row.ShippingFee, SandboxSeeder.FreeShippingFrom, row.ShippingDays);
    }

    public async Task<bool> SetStockAsync(long productNo, long stock, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stock);
        await using var connection = await database.OpenAsync(cancellationToken);
        // An upsert from the catalogue: a product without an inventory row gets one, a missing product changes nothing.
        var changed = await connection.ExecuteAsync(
            """
            INSERT INTO sandbox_inventory (org_id, product_no, stock)
            SELECT org_id, product_no, @stock FROM sandbox_products WHERE org_id = @orgId AND product_no = @productNo
            ON CONFLICT (org_id, product_no) DO UPDATE SET stock = excluded.stock
            """,
            new { orgId, productNo, stock });
        return changed == 1;
    }

    private async Task<IReadOnlyList<Product>> QueryProductsAsync(ProductQuery query, int? limit, CancellationToken cancellationToken)
    {
        var conditions = new List<string> { "p.org_id = @orgId" };
        var args = new DynamicParameters(new { orgId, offset = Math.Max(query.Offset, 0) });
        AddCondition(conditions, args, query.ProductNos?.ToArray(), AnyOf("p.product_no", "productNos"), "productNos");
        if (query.Name is not null)
        {
            // Spaces removed on both sides; LIKE's wildcards in the needle are matched literally.
            conditions.Add(@"REPLACE(LOWER(p.name), ' ', '') LIKE @name ESCAPE '\'");
            args.Add("name", "%" + Squeeze(query.Name).Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%");
        }

        if (limit is not null)
        {
            args.Add("limit", limit.Value);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ProductRow>(
            $"""
            SELECT p.product_no, p.name, p.category, p.price, p.description, {Stock} AS stock
            {ProductFrom}
            WHERE {string.Join(" AND ", conditions)}
            ORDER BY p.product_no
            {(limit is null ? "" : "LIMIT @limit OFFSET @offset")}
            """,
            args);
        return rows.Select(r => new Product(r.ProductNo, r.Name, r.Category, r.Price, r.Description, r.Stock, r.Stock == 0)).ToList();
    }

    /// <summary>Lower-cased without any white space: how names are compared.</summary>
    private static string Squeeze(string text) =>
        string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();

    private const string ProductFrom =
        "FROM sandbox_products p LEFT JOIN sandbox_inventory i ON i.org_id = p.org_id AND i.product_no = p.product_no";

    private const string Stock = "COALESCE(i.stock, 0)";

    /// <summary>Properties, not a constructor: see <see cref="OrderSummaryRow"/>.</summary>
    private sealed class ProductRow
    {
        public long ProductNo { get; init; }
        public string Name { get; init; } = "";
        public string Category { get; init; } = "";
        public long Price { get; init; }
        public string Description { get; init; } = "";
        public long Stock { get; init; }
    }

    private sealed record SupplyRow(string Name, string Supplier, long Stock);

    private sealed record ShippingRow(string Name, long ShippingFee, long ShippingDays);
}
