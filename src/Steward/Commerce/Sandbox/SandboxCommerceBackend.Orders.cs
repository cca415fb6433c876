using Dapper;
using Steward.Storage;

namespace Steward.Commerce.Sandbox;

internal sealed partial class SandboxCommerceBackend
{
    public const int MaxOrders = 100;

    /// <summary>The statuses in which an order is still in the warehouse, so its address may change.</summary>
    public static readonly string[] AddressChangeableStatuses = ["결제완료", "배송준비중"];

    public async Task<IReadOnlyList<OrderSummary>> ListOrdersAsync(OrderQuery query, CancellationToken cancellationToken)
    {
        var conditions = new List<string> { "o.org_id = @orgId" };
        var args = new DynamicParameters(new { orgId, limit = Math.Clamp(query.Limit, 1, MaxOrders), offset = Math.Max(query.Offset, 0) });
        if (query.Phone is not null)
        {
            if (PhoneNumbers.Normalize(query.Phone) is not { } phone)
            {
                return [];
            }

            conditions.Add("(c.phone = @phone OR o.phone = @phone)");
            args.Add("phone", phone);
        }

        AddCondition(conditions, args, query.CustomerId, "o.customer_id = @customerId", "customerId");
        AddCondition(conditions, args, query.From?.ToUnixTimeMilliseconds(), "o.ordered_at >= @from", "from");
        AddCondition(conditions, args, query.To?.ToUnixTimeMilliseconds(), "o.ordered_at <= @to", "to");
        AddCondition(conditions, args, query.Status, "o.status = @status", "status");
        AddCondition(conditions, args, query.OrderIds?.ToArray(), AnyOf("o.order_id", "orderIds"), "orderIds");

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OrderSummaryRow>(
            $"""
            SELECT o.order_id, o.ordered_at, o.status, o.total, c.name AS customer_name, p.name AS first_item_name,
                   (SELECT COUNT(*) FROM sandbox_order_items n WHERE n.org_id = o.org_id AND n.order_id = o.order_id) AS item_count,
                   o.customer_id
            FROM sandbox_orders o
            JOIN sandbox_customers c ON c.org_id = o.org_id AND c.id = o.customer_id
            LEFT JOIN sandbox_order_items i ON i.org_id = o.org_id AND i.order_id = o.order_id AND i.line = 1
            LEFT JOIN sandbox_products p ON p.org_id = i.org_id AND p.product_no = i.product_no
            WHERE {string.Join(" AND ", conditions)}
            ORDER BY o.ordered_at DESC, o.order_id DESC
            LIMIT @limit OFFSET @offset
            """,
            args);
        return rows.Select(r => new OrderSummary(
            r.OrderId, r.OrderedAt, r.Status, r.Total, r.CustomerName, r.FirstItemName ?? "", (int)r.ItemCount, r.CustomerId)).ToList();
    }

    public async Task<OrderDetail?> GetOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var args = new { orgId, orderId };
        var order = await connection.QuerySingleOrDefaultAsync<OrderRow>(
            """
            SELECT o.order_id, o.customer_id, c.name AS customer_name, c.phone AS customer_phone, o.ordered_at, o.status, o.total,
                   o.recipient, o.phone, o.address, s.carrier, s.tracking_no
            FROM sandbox_orders o
            JOIN sandbox_customers c ON c.org_id = o.org_id AND c.id = o.customer_id
            LEFT JOIN sandbox_shipments s ON s.org_id = o.org_id AND s.order_id = o.order_id
            WHERE o.org_id = @orgId AND o.order_id = @orderId
            """,
            args);
        if (order is null)
        {
            return null;
        }

        var items = await connection.QueryAsync<ItemRow>(
            """
            SELECT i.line, i.product_no, p.name AS product_name, i.quantity, i.price
            FROM sandbox_order_items i
            JOIN sandbox_products p ON p.org_id = i.org_id AND p.product_no = i.product_no
            WHERE i.org_id = @orgId AND i.order_id = @orderId
            ORDER BY i.line
            """,
            args);
        return new OrderDetail(order.OrderId, order.CustomerId, order.CustomerName, order.CustomerPhone, order.OrderedAt, order.Status, order.Total,
            new ShippingAddress(order.Recipient, order.Phone, order.Address),
            items.Select(i => new OrderItem((int)i.Line, i.ProductNo, i.ProductName, (int)i.Quantity, i.Price)).ToList(),
            order.Carrier, order.TrackingNo);
    }

    public async Task<Shipment?> GetShipmentAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var args = new { orgId, orderId };
        var shipment = await connection.QuerySingleOrDefaultAsync<ShipmentRow>(
            "SELECT carrier, tracking_no, shipped_at, delivered_at FROM sandbox_shipments WHERE org_id = @orgId AND order_id = @orderId", args);
        if (shipment is null)
        {
            return null;
        }

        var events = await connection.QueryAsync<TrackingEvent>(
            "SELECT at, location, description FROM sandbox_tracking_events WHERE org_id = @orgId AND order_id = @orderId ORDER BY seq", args);
        return new Shipment(orderId, shipment.Carrier, shipment.TrackingNo, shipment.ShippedAt, shipment.DeliveredAt, events.ToList());
    }

    /// <summary>
    /// One conditional UPDATE decides, so a shipment recorded at the same moment cannot slip between a status check and the
    /// write; the status and address are then read back in the same transaction.
    /// </summary>
    public async Task<AddressChangeResult> UpdateShippingAddressAsync(string orderId, ShippingAddress address, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var changed = await connection.ExecuteAsync(
            $"""
            UPDATE sandbox_orders SET recipient = @Recipient, phone = @Phone, address = @Address
            WHERE org_id = @orgId AND order_id = @orderId AND {AnyOf("status", "statuses")}
            """,
            new { orgId, orderId, address.Recipient, address.Phone, address.Address, statuses = AddressChangeableStatuses }, transaction);
        var order = await connection.QuerySingleOrDefaultAsync<AddressRow>(
            "SELECT status, recipient, phone, address FROM sandbox_orders WHERE org_id = @orgId AND order_id = @orderId",
            new { orgId, orderId }, transaction);
        await transaction.CommitAsync(cancellationToken);
        if (order is null)
        {
            return new AddressChangeResult(AddressChangeOutcome.OrderNotFound, null, null);
        }

        var outcome = changed == 1 ? AddressChangeOutcome.Changed
            : order.Status == "취소" ? AddressChangeOutcome.Cancelled
            : AddressChangeOutcome.AlreadyShipped;
        return new AddressChangeResult(outcome, order.Status, new ShippingAddress(order.Recipient, order.Phone, order.Address));
    }

    /// <summary>
    /// Properties rather than a constructor, as for every row with a computed column: SQLite types such a column of an empty
    /// result as a BLOB, and Dapper's constructor matching then refuses the row type before it has read anything.
    /// </summary>
    private sealed class OrderSummaryRow
    {
        public string OrderId { get; init; } = "";
        public DateTimeOffset OrderedAt { get; init; }
        public string Status { get; init; } = "";
        public long Total { get; init; }
        public string CustomerName { get; init; } = "";
        public string? FirstItemName { get; init; }
        public long ItemCount { get; init; }
        public string CustomerId { get; init; } = "";
    }

    private sealed record OrderRow(
        string OrderId, string CustomerId, string CustomerName, string CustomerPhone, DateTimeOffset OrderedAt, string Status, long Total,
        string Recipient, string Phone, string Address, string? Carrier, string? TrackingNo);

    private sealed record ItemRow(long Line, long ProductNo, string ProductName, long Quantity, long Price);

    private sealed record AddressRow(string Status, string Recipient, string Phone, string Address);

    private sealed record ShipmentRow(string Carrier, string TrackingNo, DateTimeOffset ShippedAt, DateTimeOffset? DeliveredAt);
}
