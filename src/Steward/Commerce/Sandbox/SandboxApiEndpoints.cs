using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Security;
using static Steward.Commerce.Sandbox.Cafe24Format;

namespace Steward.Commerce.Sandbox;

/// <summary>
/// The caller's org's sandbox shop over HTTP in Cafe24 Admin API shapes, so a Cafe24 client can be pointed at it: reads
/// for viewers, writes for agents. Orders here; customers, boards and products in the other part.
/// </summary>
internal static partial class SandboxApiEndpoints
{
    public const string BasePath = "/sandbox/api/v2/admin";
    public const int MaxOrders = 1000;
    public const int MaxOrderOffset = 15000;
    private static readonly string[] Embeddable = ["items", "receivers", "buyer"];

    public static IEndpointRouteBuilder MapSandboxApiEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath).WithTags("sandbox");
        group.MapGet("/orders", ListOrdersAsync).RequireAuthorization(Policies.Viewer);
        group.MapGet("/orders/{orderId}", GetOrderAsync).RequireAuthorization(Policies.Viewer);
        group.MapGet("/orders/{orderId}/items", GetItemsAsync).RequireAuthorization(Policies.Viewer);
        group.MapGet("/orders/{orderId}/buyer", GetBuyerAsync).RequireAuthorization(Policies.Viewer);
        group.MapGet("/orders/{orderId}/receivers", GetReceiversAsync).RequireAuthorization(Policies.Viewer);
        group.MapPut("/orders/{orderId}/receivers", UpdateReceiversAsync).RequireAuthorization(Policies.Agent);
        group.MapGet("/orders/{orderId}/shipments", GetShipmentsAsync).RequireAuthorization(Policies.Viewer);
        group.MapGet("/customers", ListCustomersAsync).RequireAuthorization(Policies.Viewer);
        group.MapGet("/customersprivacy", ListCustomersPrivacyAsync).RequireAuthorization(Policies.Viewer);
        group.MapGet("/boards", ListBoardsAsync).RequireAuthorization(Policies.Viewer);
        group.MapGet("/boards/{boardNo:long}/articles", ListArticlesAsync).RequireAuthorization(Policies.Viewer);
        group.MapPost("/boards/{boardNo:long}/articles", PostArticlesAsync).RequireAuthorization(Policies.Agent);
        group.MapGet("/products", ListProductsAsync).RequireAuthorization(Policies.Viewer);
        group.MapGet("/products/{productNo:long}", GetProductAsync).RequireAuthorization(Policies.Viewer);
        group.MapGet("/products/{productNo:long}/variants/{variantCode}/inventories", GetInventoryAsync).RequireAuthorization(Policies.Viewer);
        group.MapPut("/products/{productNo:long}/variants/{variantCode}/inventories", SetInventoryAsync).RequireAuthorization(Policies.Agent);
        return app;
    }

    /// <summary>Filters: start_date/end_date (order date, at most 3 months apart), order_id, order_status (one code),
    /// member_id, buyer_cellphone; embed=items,receivers,buyer; limit 1–1000 (default 10), offset 0–15000.</summary>
    public static async Task<Results<JsonHttpResult<OrdersResponse>, JsonHttpResult<Cafe24ErrorBody>>> ListOrdersAsync(
        HttpContext context, SandboxBackendResolver sandboxes)
    {
        var q = new Cafe24Params(context.Request.Query);
        var limit = q.Int("limit", 10, 1, MaxOrders);
        var offset = q.Int("offset", 0, 0, MaxOrderOffset);
        var (from, to) = (q.Date("start_date", endOfDay: false), q.Date("end_date", endOfDay: true));
        if (from is { } start && to is { } end && (end < start || end > start.AddMonths(3)))
        {
            q.Fail("end_date must not be before start_date nor more than 3 months after it.");
        }

        if (q.Text("date_type") is { } dateType && dateType != "order_date")
        {
            q.Fail("The sandbox filters orders by date_type=order_date only.");
        }

        var orderIds = q.List("order_id");
        var status = StatusParameter(q);
        var embed = EmbedParameter(q);
        if (q.Error is { } error)
        {
            return error;
        }

        var backend = BackendOf(context, sandboxes);
        var customerId = q.Text("member_id");
        if (q.Text("buyer_cellphone") is { } cellphone)
        {
            var buyer = await backend.FindCustomerByPhoneAsync(cellphone, context.RequestAborted);
            if (buyer is null || (customerId is not null && customerId != buyer.Id))
            {
                return Ok(new OrdersResponse([], Links(context.Request, offset, limit, 0)));
            }

            customerId = buyer.Id;
        }

        var query = new OrderQuery(CustomerId: customerId, From: from, To: to, Status: status, OrderIds: orderIds);
        var orders = new List<Cafe24Order>();
        foreach (var summary in await ReadOrdersAsync(backend, query, limit, offset, context.RequestAborted))
        {
            orders.Add(embed.Count > 0 && await backend.GetOrderAsync(summary.OrderId, context.RequestAborted) is { } detail
                ? await EmbedAsync(backend, detail, embed, context.RequestAborted)
                : Cafe24Order.From(summary));
        }

        return Ok(new OrdersResponse(orders, Links(context.Request, offset, limit, orders.Count)));
    }

    public static async Task<Results<JsonHttpResult<OrderResponse>, JsonHttpResult<Cafe24ErrorBody>>> GetOrderAsync(
        string orderId, HttpContext context, SandboxBackendResolver sandboxes)
    {
        var q = new Cafe24Params(context.Request.Query);
        var embed = EmbedParameter(q);
        if (q.Error is { } error)
        {
            return error;
        }

        var backend = BackendOf(context, sandboxes);
        return await backend.GetOrderAsync(orderId, context.RequestAborted) is { } order
            ? Ok(new OrderResponse(await EmbedAsync(backend, order, embed, context.RequestAborted)))
            : OrderNotFound(orderId);
    }

    public static async Task<Results<JsonHttpResult<ItemsResponse>, JsonHttpResult<Cafe24ErrorBody>>> GetItemsAsync(
        string orderId, HttpContext context, SandboxBackendResolver sandboxes)
    {
        var backend = BackendOf(context, sandboxes);
        if (await backend.GetOrderAsync(orderId, context.RequestAborted) is not { } order)
        {
            return OrderNotFound(orderId);
        }

        var shipment = order.TrackingNo is null ? null : await backend.GetShipmentAsync(orderId, context.RequestAborted);
        return Ok(new ItemsResponse(Cafe24OrderItem.From(order, shipment)));
    }

    public static async Task<Results<JsonHttpResult<BuyerResponse>, JsonHttpResult<Cafe24ErrorBody>>> GetBuyerAsync(
        string orderId, HttpContext context, SandboxBackendResolver sandboxes)
    {
        var backend = BackendOf(context, sandboxes);
        return await backend.GetOrderAsync(orderId, context.RequestAborted) is { } order
               && await backend.GetCustomerAsync(order.CustomerId, context.RequestAborted) is { } buyer
            ? Ok(new BuyerResponse(Cafe24Buyer.From(buyer)))
            : OrderNotFound(orderId);
    }

    public static async Task<Results<JsonHttpResult<ReceiversResponse>, JsonHttpResult<Cafe24ErrorBody>>> GetReceiversAsync(
        string orderId, HttpContext context, SandboxBackendResolver sandboxes) =>
        await BackendOf(context, sandboxes).GetOrderAsync(orderId, context.RequestAborted) is { } order
            ? Ok(new ReceiversResponse(Cafe24Receiver.From(order.OrderId, order.Receiver)))
            : OrderNotFound(orderId);

    /// <summary>Changes where the order goes while it is still in the warehouse; fields left out keep their value.</summary>
    public static async Task<Results<JsonHttpResult<ReceiversResponse>, JsonHttpResult<Cafe24ErrorBody>>> UpdateReceiversAsync(
        string orderId, HttpContext context, SandboxBackendResolver sandboxes)
    {
        var (body, bad) = await Cafe24Params.ReadBodyAsync<Cafe24Write<ReceiverRequest>>(context.Request);
        if (bad is not null)
        {
            return bad;
        }

        if (body?.Request is not { } request || new[] { request.Name, request.Phone, request.Cellphone, request.Address1 }.All(string.IsNullOrWhiteSpace))
        {
            return Invalid("request must hold at least one of name, phone, cellphone, address1.");
        }

        var backend = BackendOf(context, sandboxes);
        if (await backend.GetOrderAsync(orderId, context.RequestAborted) is not { } order)
        {
            return OrderNotFound(orderId);
        }

        var current = order.Receiver;
        var address = string.IsNullOrWhiteSpace(request.Address1) ? current.Address : $"{request.Address1.Trim()} {request.Address2?.Trim()}".TrimEnd();
        var wanted = new ShippingAddress(
            Pick(request.Name, current.Recipient), Pick(request.Cellphone, Pick(request.Phone, current.Phone)), address);
        var result = await backend.UpdateShippingAddressAsync(orderId, wanted, context.RequestAborted);
        return result.Outcome switch
        {
            AddressChangeOutcome.Changed => Ok(new ReceiversResponse(Cafe24Receiver.From(orderId, result.Address!))),
            AddressChangeOutcome.AlreadyShipped => Invalid($"Order {orderId} has already left the warehouse ({result.Status}): its receiver can no longer be changed."),
            AddressChangeOutcome.Cancelled => Invalid($"Order {orderId} is cancelled: its receiver can no longer be changed."),
            _ => OrderNotFound(orderId),
        };
    }

    /// <summary>The order's one shipment once it has left the warehouse (none before), with the carrier's scans.</summary>
    public static async Task<Results<JsonHttpResult<ShipmentsResponse>, JsonHttpResult<Cafe24ErrorBody>>> GetShipmentsAsync(
        string orderId, HttpContext context, SandboxBackendResolver sandboxes)
    {
        var backend = BackendOf(context, sandboxes);
        if (await backend.GetOrderAsync(orderId, context.RequestAborted) is not { } order)
        {
            return OrderNotFound(orderId);
        }

        var shipment = await backend.GetShipmentAsync(orderId, context.RequestAborted);
        return Ok(new ShipmentsResponse(shipment is null ? [] : [Cafe24Shipment.From(shipment, order)]));
    }

    private static SandboxCommerceBackend BackendOf(HttpContext context, SandboxBackendResolver sandboxes) =>
        sandboxes.ForOrg(context.User.GetCaller().OrgId);

    private static JsonHttpResult<Cafe24ErrorBody> OrderNotFound(string orderId) => NotFound($"No order with order_id {orderId}.");

    private static string Pick(string? given, string current) => string.IsNullOrWhiteSpace(given) ? current : given.Trim();

    private static string? StatusParameter(Cafe24Params q)
    {
        var codes = q.List("order_status");
        if (codes is null)
        {
            return null;
        }

        if (codes.Count == 1 && StatusesByCode.TryGetValue(codes[0], out var status))
        {
            return status;
        }

        q.Fail($"order_status takes one of {string.Join(", ", OrderStatusCodes.Values)} (the sandbox filters by one status at a time).");
        return null;
    }

    private static HashSet<string> EmbedParameter(Cafe24Params q)
    {
        var embed = (q.List("embed") ?? []).ToHashSet(StringComparer.Ordinal);
        if (!embed.IsSubsetOf(Embeddable))
        {
            q.Fail($"embed takes {string.Join(", ", Embeddable)}.");
        }

        return embed;
    }

    private static async Task<Cafe24Order> EmbedAsync(ICommerceBackend backend, OrderDetail order, HashSet<string> embed, CancellationToken ct)
    {
        var shipment = embed.Contains("items") && order.TrackingNo is not null ? await backend.GetShipmentAsync(order.OrderId, ct) : null;
        var buyer = embed.Contains("buyer") ? await backend.GetCustomerAsync(order.CustomerId, ct) : null;
        return Cafe24Order.From(Cafe24Order.Summarize(order)) with
        {
            Items = embed.Contains("items") ? Cafe24OrderItem.From(order, shipment) : null,
            Receivers = embed.Contains("receivers") ? Cafe24Receiver.From(order.OrderId, order.Receiver) : null,
            Buyer = buyer is null ? null : Cafe24Buyer.From(buyer),
        };
    }

    /// <summary>The backend hands out at most <see cref="SandboxCommerceBackend.MaxOrders"/> orders a call; Cafe24 up to 1000.</summary>
    private static async Task<List<OrderSummary>> ReadOrdersAsync(ICommerceBackend backend, OrderQuery query, int limit, int offset, CancellationToken ct)
    {
        var orders = new List<OrderSummary>();
        while (orders.Count < limit)
        {
            var size = Math.Min(limit - orders.Count, SandboxCommerceBackend.MaxOrders);
            var page = await backend.ListOrdersAsync(query with { Limit = size, Offset = offset + orders.Count }, ct);
            orders.AddRange(page);
            if (page.Count < size)
            {
                break;
            }
        }

        return orders;
    }

    /// <summary>Cafe24's paging links: the same request at the previous and the next offset, where there may be one.</summary>
    private static List<Cafe24Link> Links(HttpRequest request, int offset, int limit, int count)
    {
        string At(int at)
        {
            var query = new QueryBuilder(request.Query.Where(p => p.Key != "offset").SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? ""))))
            {
                { "offset", at.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            };
            return UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, query.ToQueryString());
        }

        var links = new List<Cafe24Link>();
        if (offset > 0)
        {
            links.Add(new Cafe24Link("previous", At(Math.Max(0, offset - limit))));
        }

        if (count == limit)
        {
            links.Add(new Cafe24Link("next", At(offset + limit)));
        }

        return links;
    }
}
