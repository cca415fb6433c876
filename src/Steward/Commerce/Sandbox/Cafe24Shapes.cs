using System.Text.Json.Serialization;
using static Steward.Commerce.Sandbox.Cafe24Format;

namespace Steward.Commerce.Sandbox;

// Cafe24's resources as the sandbox writes them (field names from commerce-apis.md §1.4); each From builds one from the
// backend's records. Fields the sandbox has no data for are left out, or hold a neutral value where clients expect the
// field (group_no 1, sms "F", supply_price "0.00", an empty address2).

internal sealed record Cafe24Link(string Rel, string Href);

internal sealed record Cafe24Order(
    int ShopNo, string OrderId, string MemberId, string BillingName, string OrderDate, string PaymentDate, string Paid, string Canceled,
    string PaymentAmount, string OrderStatus, string ShippingStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Cafe24OrderItem>? Items = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Cafe24Receiver>? Receivers = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Cafe24Buyer? Buyer = null)
{
    public static Cafe24Order From(OrderSummary order) => new(
        1, order.OrderId, order.CustomerId, order.CustomerName, Date(order.OrderedAt), Date(order.OrderedAt), "T", Flag(order.Status == "취소"),
        Money(order.Total), OrderStatusCodes[order.Status], ShippingStatusOf(order.Status));

    public static OrderSummary Summarize(OrderDetail order) => new(
        order.OrderId, order.OrderedAt, order.Status, order.Total, order.CustomerName, order.Items.FirstOrDefault()?.ProductName ?? "",
        order.Items.Count, order.CustomerId);
}

internal sealed record Cafe24OrderItem(
    int ShopNo, string OrderItemCode, long ProductNo, string ProductCode, string VariantCode, string ProductName, string OptionValue, int Quantity,
    string ProductPrice, string PaymentAmount, string OrderStatus, string StatusText, string? TrackingNo, string ShippingCode,
    string? ShippingCompanyCode, string? ShippingCompanyName, string OrderedDate, string? ShippedDate, string? DeliveredDate)
{
    public static IReadOnlyList<Cafe24OrderItem> From(OrderDetail order, Shipment? shipment) =>
        order.Items.Select(item => new Cafe24OrderItem(
            1, OrderItemCodeOf(order.OrderId, item.Line), item.ProductNo, ProductCodeOf(item.ProductNo), VariantCodeOf(item.ProductNo), item.ProductName, "",
            item.Quantity, Money(item.Price), Money(item.Price * item.Quantity), OrderStatusCodes[order.Status], order.Status, order.TrackingNo,
            ShippingCodeOf(order.OrderId), order.Carrier is { } carrier ? CarrierCodeOf(carrier) : null, order.Carrier,
            Date(order.OrderedAt), Date(shipment?.ShippedAt), Date(shipment?.DeliveredAt))).ToList();
}

/// <param name="Address1">The whole address: the sandbox keeps it as one line.</param>
internal sealed record Cafe24Receiver(
    int ShopNo, string Name, string Phone, string Cellphone, string Address1, string Address2, string AddressFull, string ShippingCode)
{
    public static IReadOnlyList<Cafe24Receiver> From(string orderId, ShippingAddress receiver) =>
        [new(1, receiver.Recipient, receiver.Phone, receiver.Phone, receiver.Address, "", receiver.Address, ShippingCodeOf(orderId))];
}

internal sealed record Cafe24Buyer(int ShopNo, string MemberId, string Name, string Email, string Phone, string Cellphone)
{
    public static Cafe24Buyer From(Customer customer) => new(1, customer.Id, customer.Name, customer.Email, customer.Phone, customer.Phone);
}

internal sealed record Cafe24TrackingEvent(string Date, string Location, string Description);

/// <param name="TrackingEvents">Not Cafe24's: the carrier's scan history, which Cafe24 leaves to the carrier.</param>
internal sealed record Cafe24Shipment(
    int ShopNo, string ShippingCode, string OrderId, string TrackingNo, string TrackingNoUpdatedDate, string ShippingCompanyCode,
    string ShippingCompanyName, string Status, string ShippedDate, string? DeliveredDate, IReadOnlyList<Cafe24ShipmentItem> Items,
    IReadOnlyList<Cafe24TrackingEvent> TrackingEvents)
{
    public static Cafe24Shipment From(Shipment shipment, OrderDetail order)
    {
        var status = order.Status == "배송중" ? "shipping" : "shipped";
        return new(1, ShippingCodeOf(order.OrderId), order.OrderId, shipment.TrackingNo, Date(shipment.ShippedAt), CarrierCodeOf(shipment.Carrier),
            shipment.Carrier, status, Date(shipment.ShippedAt), Date(shipment.DeliveredAt),
            order.Items.Select(i => new Cafe24ShipmentItem(OrderItemCodeOf(order.OrderId, i.Line), status)).ToList(),
            shipment.Events.Select(e => new Cafe24TrackingEvent(Date(e.At), e.Location, e.Description)).ToList());
    }
}

internal sealed record Cafe24ShipmentItem(string OrderItemCode, string Status);

/// <summary>What <c>/customers</c> shows: no name, e-mail or phone (those need the privacy scope).</summary>
internal sealed record Cafe24Customer(
    int ShopNo, string MemberId, int GroupNo, string MemberAuthentication, string UseBlacklist, string Sms, string NewsMail, string CreatedDate)
{
    public static Cafe24Customer From(Customer customer) => new(1, customer.Id, 1, "T", "F", "F", "F", Date(customer.CreatedAt));
}

internal sealed record Cafe24CustomerPrivacy(
    int ShopNo, string MemberId, string Name, string Phone, string Cellphone, string Email, string Address1, string Address2, int GroupNo,
    string MemberType, string CreatedDate)
{
    public static Cafe24CustomerPrivacy From(Customer c) => new(1, c.Id, c.Name, "", c.Phone, c.Email, c.Address, "", 1, "p", Date(c.CreatedAt));
}

internal sealed record Cafe24Board(int ShopNo, long BoardNo, int BoardType, string BoardName, string UseBoard, string UseDisplay, long DisplayOrder)
{
    public static Cafe24Board From(Board board) => new(1, board.BoardNo, (int)board.Type, board.Name, "T", "T", board.BoardNo);
}

/// <param name="ReplyStatus">N unanswered, C answered (the sandbox has no "in progress").</param>
internal sealed record Cafe24Article(
    int ShopNo, long ArticleNo, long? ParentArticleNo, long BoardNo, int ReplyDepth, string ReplyStatus, string Title, string Content, string Writer,
    string? MemberId, string Secret, string Display, string Deleted, string CreatedDate, string? ClientIp)
{
    public static Cafe24Article From(BoardArticle article) => new(
        1, article.ArticleNo, null, article.BoardNo, 0, article.Answered ? "C" : "N", article.Title, article.Content, article.Writer, null,
        "F", "T", "F", Date(article.CreatedAt), null);
}

internal sealed record Cafe24Product(
    int ShopNo, long ProductNo, string ProductCode, string ProductName, string Price, string RetailPrice, string SupplyPrice, string Display,
    string Selling, string SoldOut, string SummaryDescription)
{
    /// <summary>The sandbox has one price per product: it is also the retail price; the supply (cost) price is unknown, so 0.</summary>
    public static Cafe24Product From(Product product) => new(
        1, product.ProductNo, ProductCodeOf(product.ProductNo), product.Name, Money(product.Price), Money(product.Price), Money(0), "T", "T",
        Flag(product.SoldOut), product.Description);
}

internal sealed record Cafe24Inventory(
    int ShopNo, string VariantCode, string UseInventory, string ImportantInventory, string InventoryControlType, string DisplaySoldout,
    long Quantity, long SafetyInventory)
{
    public static Cafe24Inventory From(Product product) => new(1, VariantCodeOf(product.ProductNo), "T", "A", "A", "T", product.Stock, 0);
}
