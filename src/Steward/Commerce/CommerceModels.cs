namespace Steward.Commerce;

/// <summary>Cafe24's board types that hold customer questions.</summary>
public enum BoardType
{
    ProductQuestions = 5,
    OneToOne = 7,
}

public sealed record Board(long BoardNo, string Name, BoardType Type, long Articles, long Unanswered);

public sealed record BoardArticle(
    long BoardNo, long ArticleNo, string Title, string Content, string Writer, DateTimeOffset CreatedAt, bool Answered);

/// <param name="Answered">Only answered (true) or unanswered (false) questions; null for both.</param>
public sealed record ArticleQuery(bool? Answered = null, int Limit = 20, int Offset = 0);

/// <summary>
/// Every set criterion must match. <paramref name="Phone"/> matches the buyer's or the receiver's phone; <paramref name="From"/>
/// and <paramref name="To"/> are both inclusive; <paramref name="OrderIds"/> matches any of the listed orders.
/// </summary>
public sealed record OrderQuery(
    string? CustomerId = null, string? Phone = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? Status = null,
    int Limit = 20, int Offset = 0, IReadOnlyList<string>? OrderIds = null);

public sealed record OrderSummary(
    string OrderId, DateTimeOffset OrderedAt, string Status, long Total, string CustomerName, string FirstItemName, int ItemCount,
    string CustomerId);

public sealed record OrderItem(int Line, long ProductNo, string ProductName, int Quantity, long Price);

public sealed record ShippingAddress(string Recipient, string Phone, string Address);

/// <summary>An order with its lines, where it goes, and (once shipped) its carrier and tracking number.</summary>
public sealed record OrderDetail(
    string OrderId, string CustomerId, string CustomerName, string CustomerPhone, DateTimeOffset OrderedAt, string Status, long Total,
    ShippingAddress Receiver, IReadOnlyList<OrderItem> Items, string? Carrier, string? TrackingNo);

public sealed record Customer(string Id, string Name, string Phone, string Email, string Address, DateTimeOffset CreatedAt, long Orders);

public sealed record TrackingEvent(DateTimeOffset At, string Location, string Description);

public sealed record Shipment(
    string OrderId, string Carrier, string TrackingNo, DateTimeOffset ShippedAt, DateTimeOffset? DeliveredAt, IReadOnlyList<TrackingEvent> Events);

public enum AddressChangeOutcome
{
    Changed,
    OrderNotFound,
    AlreadyShipped,
    Cancelled,
}

/// <summary>The outcome, the order's status when it was checked, and the address now on the order.</summary>
public sealed record AddressChangeResult(AddressChangeOutcome Outcome, string? Status, ShippingAddress? Address);

/// <summary>Every set criterion must match: any of <paramref name="ProductNos"/>, a name containing <paramref name="Name"/>.</summary>
public sealed record ProductQuery(IReadOnlyList<long>? ProductNos = null, string? Name = null, int Limit = 20, int Offset = 0);

public sealed record Product(long ProductNo, string Name, string Category, long Price, string Description, long Stock, bool SoldOut);

public sealed record Supply(long ProductNo, string Name, string Supplier, long Stock, bool SoldOut);

/// <param name="FreeShippingFrom">Order total from which shipping is free, in won.</param>
public sealed record ShippingInfo(long ProductNo, string Name, long ShippingFee, long FreeShippingFrom, long ShippingDays);
