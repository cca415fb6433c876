using System.Text.Json.Serialization;

namespace Steward.Commerce.Sandbox;

// The bodies the sandbox API answers with and reads: Cafe24 wraps each resource or list in a key named after it, and
// every write in {"shop_no":1,"request":{..}} (or "requests":[..] where one call creates several).

internal sealed record OrdersResponse(IReadOnlyList<Cafe24Order> Orders, IReadOnlyList<Cafe24Link> Links);

internal sealed record OrderResponse(Cafe24Order Order);

internal sealed record ItemsResponse(IReadOnlyList<Cafe24OrderItem> Items);

internal sealed record BuyerResponse(Cafe24Buyer Buyer);

internal sealed record ReceiversResponse(IReadOnlyList<Cafe24Receiver> Receivers);

internal sealed record ShipmentsResponse(IReadOnlyList<Cafe24Shipment> Shipments);

internal sealed record CustomersResponse(IReadOnlyList<Cafe24Customer> Customers);

internal sealed record CustomersPrivacyResponse(IReadOnlyList<Cafe24CustomerPrivacy> Customersprivacy);

internal sealed record BoardsResponse(IReadOnlyList<Cafe24Board> Boards);

internal sealed record ArticlesResponse(
    IReadOnlyList<Cafe24Article> Articles,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Cafe24Link>? Links = null);

internal sealed record ProductsResponse(IReadOnlyList<Cafe24Product> Products, IReadOnlyList<Cafe24Link> Links);

internal sealed record ProductResponse(Cafe24Product Product);

internal sealed record InventoryResponse(Cafe24Inventory Inventory);

internal sealed record Cafe24Write<T>(int? ShopNo, T? Request) where T : class;

internal sealed record Cafe24WriteMany<T>(int? ShopNo, IReadOnlyList<T>? Requests);

/// <param name="Address2">Appended to <paramref name="Address1"/>: the sandbox keeps an address as one line.</param>
internal sealed record ReceiverRequest(string? Name, string? Phone, string? Cellphone, string? Address1, string? Address2);

/// <param name="ReplyArticleNo">The question answered; the sandbox takes replies only.</param>
internal sealed record ArticleRequest(string? Writer, string? Title, string? Content, string? ClientIp, long? ReplyArticleNo, string? MemberId);

internal sealed record InventoryRequest(long? Quantity);
