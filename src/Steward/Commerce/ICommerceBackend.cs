namespace Steward.Commerce;

/// <summary>
/// One org's shop, as every connector exposes it: the sandbox shop, Cafe24, and later marketplaces. Methods return
/// null (or an outcome) for the expected "not there" cases; they throw only when the backend itself fails.
/// </summary>
public interface ICommerceBackend
{
    /// <summary>A short name for logs and tool results, e.g. "sandbox" or "cafe24:myshop".</summary>
    string Name { get; }

    Task<IReadOnlyList<Board>> ListBoardsAsync(CancellationToken cancellationToken);

    /// <summary>Questions on a board, newest first; null when the board does not exist.</summary>
    Task<IReadOnlyList<BoardArticle>?> ListBoardArticlesAsync(long boardNo, ArticleQuery query, CancellationToken cancellationToken);

    /// <summary>Orders newest first, filtered by every criterion that is set.</summary>
    Task<IReadOnlyList<OrderSummary>> ListOrdersAsync(OrderQuery query, CancellationToken cancellationToken);

    /// <summary>The customer with this phone number (any formatting: 010-1234-5678, 01012345678, +82 10 ...).</summary>
    Task<Customer?> FindCustomerByPhoneAsync(string phone, CancellationToken cancellationToken);

    Task<Customer?> GetCustomerAsync(string customerId, CancellationToken cancellationToken);

    Task<OrderDetail?> GetOrderAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>The order's shipment with its tracking events; null when the order has not shipped or does not exist.</summary>
    Task<Shipment?> GetShipmentAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>Changes where an order goes, only while it has not left the warehouse.</summary>
    Task<AddressChangeResult> UpdateShippingAddressAsync(string orderId, ShippingAddress address, CancellationToken cancellationToken);

    Task<Product?> GetProductAsync(long productNo, CancellationToken cancellationToken);

    /// <summary>Products whose name contains <paramref name="name"/> (case- and space-insensitive), best match first.</summary>
    Task<IReadOnlyList<Product>> FindProductsAsync(string name, int limit, CancellationToken cancellationToken);

    /// <summary>The catalogue in product-number order, filtered by every criterion that is set.</summary>
    Task<IReadOnlyList<Product>> ListProductsAsync(ProductQuery query, CancellationToken cancellationToken);

    /// <summary>Who supplies the product and how many are in stock.</summary>
    Task<Supply?> GetSupplyAsync(long productNo, CancellationToken cancellationToken);

    /// <summary>What shipping the product costs and how long it takes.</summary>
    Task<ShippingInfo?> GetShippingAsync(long productNo, CancellationToken cancellationToken);

    /// <summary>Sets the stock of a product; false when the product does not exist.</summary>
    Task<bool> SetStockAsync(long productNo, long stock, CancellationToken cancellationToken);
}

/// <summary>Which shop an org's tools talk to. Today every org has its sandbox shop; connectors plug in here.</summary>
public interface ICommerceBackendResolver
{
    ValueTask<ICommerceBackend> ForOrgAsync(string orgId, CancellationToken cancellationToken);
}
