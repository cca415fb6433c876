using System.ComponentModel;
using Steward.Tools;

namespace Steward.Commerce.Tools;

/// <summary>Orders, their customers and their shipments.</summary>
public static class OrderTools
{
    private static readonly string[] Statuses = ["결제완료", "배송준비중", "배송중", "배송완료", "취소", "반품"];

    [Tool("list_orders", ToolAccess.Read)]
    [Description("Lists orders newest first, with their order numbers, status, total and first item. With no arguments: the shop's most recent orders. " +
                 "Filter by the customer's phone number (when the customer does not know the order number), customer id, status or a date range.")]
    public static async Task<ToolResult> ListOrders(
        ToolContext context,
        [Description("The buyer's or receiver's phone number, e.g. 010-1234-5678.")] string? phone = null,
        [Description("The customer id from find_customer_by_phone.")] string? customer_id = null,
        [Description("Only orders with this status: 결제완료, 배송준비중, 배송중, 배송완료, 취소 or 반품.")] string? status = null,
        [Description("First order date to include, YYYY-MM-DD (Korean date).")] string? from = null,
        [Description("Last order date to include, YYYY-MM-DD (Korean date).")] string? to = null,
        [Description("How many orders to return, 1 to 50.")] int limit = 10,
        CancellationToken cancellationToken = default)
    {
        string? normalizedPhone = null;
        if (phone is not null && (normalizedPhone = PhoneNumbers.Normalize(phone)) is null)
        {
            return ShopTools.BadPhone(phone);
        }

        if (status is not null && !Statuses.Contains(status))
        {
            return ToolResult.Failure(ToolErrorCodes.InvalidArguments, $"주문 상태는 {string.Join(", ", Statuses)} 중 하나여야 합니다.");
        }

        DateTimeOffset? start = null, end = null;
        if ((from is not null && (start = ShopTools.StartOfDay(from)) is null) || (to is not null && (end = ShopTools.StartOfDay(to)?.AddDays(1)) is null))
        {
            return ToolResult.Failure(ToolErrorCodes.InvalidArguments, "날짜는 2024-01-31처럼 YYYY-MM-DD 형식이어야 합니다.");
        }

        if (limit is < 1 or > 50)
        {
            return ToolResult.Failure(ToolErrorCodes.InvalidArguments, "limit은 1부터 50 사이여야 합니다.");
        }

        var shop = await context.ShopAsync(cancellationToken);
        var orders = await shop.ListOrdersAsync(new OrderQuery(customer_id, normalizedPhone, start, end, status, limit), cancellationToken);
        return ToolResult.Success(new
        {
            count = orders.Count,
            orders = orders.Select(o => o with { OrderedAt = ShopTools.Local(o.OrderedAt), CustomerName = ShopTools.MaskName(o.CustomerName) }),
        });
    }

    [Tool("lookup_order", ToolAccess.Read)]
    [Description("Looks up one order by its order number: status, items, total, where it ships, and the carrier and tracking number once shipped.")]
    public static async Task<ToolResult> LookupOrder(
        ToolContext context,
        [Description("The order number, e.g. 20240101-0000123.")] string order_id,
        CancellationToken cancellationToken = default)
    {
        if (ShopTools.OrderId(order_id) is not { } id)
        {
            return ShopTools.BadOrderId(order_id);
        }

        var shop = await context.ShopAsync(cancellationToken);
        var order = await shop.GetOrderAsync(id, cancellationToken);
        return order is null ? ShopTools.OrderNotFound(id) : ToolResult.Success(order with
        {
            OrderedAt = ShopTools.Local(order.OrderedAt),
            CustomerName = ShopTools.MaskName(order.CustomerName),
            CustomerPhone = PhoneNumbers.Mask(order.CustomerPhone),
            Receiver = order.Receiver with { Recipient = ShopTools.MaskName(order.Receiver.Recipient), Phone = PhoneNumbers.Mask(order.Receiver.Phone) },
        });
    }

    [Tool("track_shipment", ToolAccess.Read)]
    [Description("Tracks an order's parcel: carrier, tracking number, and every tracking event so far (picked up, in transit, out for delivery, delivered).")]
    public static async Task<ToolResult> TrackShipment(
        ToolContext context,
        [Description("The order number, e.g. 20240101-0000123.")] string order_id,
        CancellationToken cancellationToken = default)
    {
        if (ShopTools.OrderId(order_id) is not { } id)
        {
            return ShopTools.BadOrderId(order_id);
        }

        var shop = await context.ShopAsync(cancellationToken);
        if (await shop.GetShipmentAsync(id, cancellationToken) is { } shipment)
        {
            return ToolResult.Success(shipment with
            {
                ShippedAt = ShopTools.Local(shipment.ShippedAt),
                DeliveredAt = shipment.DeliveredAt is { } delivered ? ShopTools.Local(delivered) : null,
                Events = [.. shipment.Events.Select(e => e with { At = ShopTools.Local(e.At) })],
            });
        }

        var order = await shop.GetOrderAsync(id, cancellationToken);
        return order is null
            ? ShopTools.OrderNotFound(id)
            : ToolResult.Failure("not_shipped", $"주문 {id}은(는) 아직 출고되지 않아 배송 조회 정보가 없습니다 (현재 상태: {order.Status}).");
    }

    [Tool("find_customer_by_phone", ToolAccess.Read)]
    [Description("Finds the customer with this phone number: their customer id (for list_orders), a masked name and how many orders they have.")]
    public static async Task<ToolResult> FindCustomerByPhone(
        ToolContext context,
        [Description("The customer's phone number, e.g. 010-1234-5678.")] string phone,
        CancellationToken cancellationToken = default)
    {
        if (PhoneNumbers.Normalize(phone) is not { } normalized)
        {
            return ShopTools.BadPhone(phone);
        }

        var shop = await context.ShopAsync(cancellationToken);
        var customer = await shop.FindCustomerByPhoneAsync(normalized, cancellationToken);
        return customer is null
            ? ToolResult.Failure("customer_not_found", "이 전화번호로 가입한 고객을 찾을 수 없습니다. 주문할 때 쓴 번호인지 확인해 주세요.")
            : ToolResult.Success(new
            {
                customer_id = customer.Id,
                name = ShopTools.MaskName(customer.Name),
                phone = PhoneNumbers.Mask(customer.Phone),
                orders = customer.Orders,
                member_since = ShopTools.Local(customer.CreatedAt),
            });
    }

    [Tool("update_order_shipping_address", ToolAccess.Write, RequiresApprovalByDefault = true)]
    [Description("Changes where an order is delivered: recipient, phone and address. Only possible before the order has shipped " +
                 "(status 결제완료 or 배송준비중); afterwards the customer must contact the carrier.")]
    public static async Task<ToolResult> UpdateOrderShippingAddress(
        ToolContext context,
        [Description("The order number, e.g. 20240101-0000123.")] string order_id,
        [Description("The new recipient's name.")] string recipient,
        [Description("The new recipient's phone number, e.g. 010-1234-5678.")] string phone,
        [Description("The full new address, including the detail (building, unit).")] string address,
        CancellationToken cancellationToken = default)
    {
        if (ShopTools.OrderId(order_id) is not { } id)
        {
            return ShopTools.BadOrderId(order_id);
        }

        if (PhoneNumbers.Normalize(phone) is not { } normalized)
        {
            return ShopTools.BadPhone(phone);
        }

        if (string.IsNullOrWhiteSpace(recipient) || recipient.Trim().Length > 50 || string.IsNullOrWhiteSpace(address) || address.Trim().Length is < 5 or > 200)
        {
            return ToolResult.Failure(ToolErrorCodes.InvalidArguments, "받는 분 이름(50자 이내)과 전체 주소(5~200자)를 정확히 알려 주세요.");
        }

        var shop = await context.ShopAsync(cancellationToken);
        var result = await shop.UpdateShippingAddressAsync(id, new ShippingAddress(recipient.Trim(), normalized, address.Trim()), cancellationToken);
        return result.Outcome switch
        {
            AddressChangeOutcome.Changed => ToolResult.Success(new { order_id = id, changed = true, status = result.Status, receiver = result.Address }),
            AddressChangeOutcome.AlreadyShipped => ToolResult.Failure("already_shipped",
                $"주문 {id}은(는) 이미 출고되어 배송지를 바꿀 수 없습니다 (현재 상태: {result.Status}). 택배사에 직접 변경을 요청해 주세요."),
            AddressChangeOutcome.Cancelled => ToolResult.Failure("order_cancelled", $"주문 {id}은(는) 취소된 주문이라 배송지를 바꿀 수 없습니다."),
            _ => ShopTools.OrderNotFound(id),
        };
    }
}
