using System.ComponentModel;
using Steward.Commerce.Restock;
using Steward.Tools;

namespace Steward.Commerce.Tools;

/// <summary>The catalogue: products, their supply and stock, their shipping, and restock alerts.</summary>
public static class ProductTools
{
    [Tool("read_product", ToolAccess.Read)]
    [Description("Reads a product: name, category, price, description and whether it is in stock. Give the product number, or a name to search for.")]
    public static async Task<ToolResult> ReadProduct(
        ToolContext context,
        [Description("The product number, e.g. 1001.")] long? product_no = null,
        [Description("Part of the product's name, when the number is not known.")] string? name = null,
        CancellationToken cancellationToken = default)
    {
        var shop = await context.ShopAsync(cancellationToken);
        if (product_no is { } number)
        {
            var product = await shop.GetProductAsync(number, cancellationToken);
            return product is null ? ShopTools.ProductNotFound(number) : ToolResult.Success(product);
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            return ToolResult.Failure(ToolErrorCodes.InvalidArguments, "상품번호나 상품 이름(100자 이내)을 알려 주세요.");
        }

        var matches = await shop.FindProductsAsync(name.Trim(), 5, cancellationToken);
        return matches.Count == 0
            ? ToolResult.Failure("product_not_found", $"'{name.Trim()}'와(과) 이름이 맞는 상품을 찾을 수 없습니다.")
            : ToolResult.Success(new { matches });
    }

    [Tool("read_supply", ToolAccess.Read)]
    [Description("Reads a product's supply: who supplies it and how many are in stock (0 means sold out).")]
    public static async Task<ToolResult> ReadSupply(
        ToolContext context,
        [Description("The product number, e.g. 1001.")] long product_no,
        CancellationToken cancellationToken = default)
    {
        var shop = await context.ShopAsync(cancellationToken);
        var supply = await shop.GetSupplyAsync(product_no, cancellationToken);
        return supply is null ? ShopTools.ProductNotFound(product_no) : ToolResult.Success(supply);
    }

    [Tool("read_shipping", ToolAccess.Read)]
    [Description("Reads how a product ships: the shipping fee, the order total from which shipping is free, and how many business days until dispatch.")]
    public static async Task<ToolResult> ReadShipping(
        ToolContext context,
        [Description("The product number, e.g. 1001.")] long product_no,
        CancellationToken cancellationToken = default)
    {
        var shop = await context.ShopAsync(cancellationToken);
        var shipping = await shop.GetShippingAsync(product_no, cancellationToken);
        return shipping is null ? ShopTools.ProductNotFound(product_no) : ToolResult.Success(shipping);
    }

    [Tool("subscribe_restock", ToolAccess.Write)]
    [Description("Signs a customer up to be told by text message when a sold-out product is back in stock. Asking twice keeps one subscription.")]
    public static async Task<ToolResult> SubscribeRestock(
        ToolContext context,
        [Description("The sold-out product's number, e.g. 1001.")] long product_no,
        [Description("The phone number to notify, e.g. 010-1234-5678.")] string phone,
        CancellationToken cancellationToken = default)
    {
        if (PhoneNumbers.Normalize(phone) is not { } normalized)
        {
            return ShopTools.BadPhone(phone);
        }

        var shop = await context.ShopAsync(cancellationToken);
        if (await shop.GetProductAsync(product_no, cancellationToken) is not { } product)
        {
            return ShopTools.ProductNotFound(product_no);
        }

        if (!product.SoldOut)
        {
            return ToolResult.Failure("in_stock", $"{product.Name}은(는) 지금 재고가 있어 바로 주문하실 수 있습니다 (재고 {product.Stock}개).");
        }

        var subscriptions = context.Services.GetRequiredService<RestockSubscriptions>();
        var (subscription, created) = await subscriptions.SubscribeAsync(context.OrgId, product_no, normalized, context.SessionId, cancellationToken);
        return ToolResult.Success(new
        {
            subscription_id = subscription.Id,
            product_no,
            product_name = product.Name,
            phone = PhoneNumbers.Mask(normalized),
            already_subscribed = !created,
        });
    }
}
