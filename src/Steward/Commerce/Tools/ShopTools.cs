using System.Globalization;
using System.Text.RegularExpressions;
using Steward.Tools;

namespace Steward.Commerce.Tools;

/// <summary>What the commerce tools share: the org's shop, the order-number and date formats, and their failure sentences.</summary>
internal static partial class ShopTools
{
    /// <summary>Every built-in commerce tool class, in the order they are listed.</summary>
    public static readonly Type[] Classes = [typeof(BoardTools), typeof(OrderTools), typeof(ProductTools), typeof(TicketTools)];

    /// <summary>Dates customers mean are Korean dates.</summary>
    public static readonly TimeZoneInfo ShopZone = Sandbox.SandboxSeeder.Seoul;

    public static ValueTask<ICommerceBackend> ShopAsync(this ToolContext context, CancellationToken cancellationToken) =>
        context.Services.GetRequiredService<ICommerceBackendResolver>().ForOrgAsync(context.OrgId, cancellationToken);

    /// <summary>Cafe24's order number: the order date and a seven-digit sequence, e.g. 20240101-0000123.</summary>
    [GeneratedRegex(@"^\d{8}-\d{7}$")]
    private static partial Regex OrderIdPattern();

    /// <summary>The order number trimmed, or null when it is not in the shop's format.</summary>
    public static string? OrderId(string? text) => text?.Trim() is { } id && OrderIdPattern().IsMatch(id) ? id : null;

    public static ToolResult BadOrderId(string? text) => ToolResult.Failure("invalid_order_id",
        $"'{text}'은(는) 주문번호 형식이 아닙니다. 주문번호는 20240101-0000123처럼 날짜 8자리와 숫자 7자리입니다.");

    public static ToolResult OrderNotFound(string orderId) => ToolResult.Failure("order_not_found",
        $"주문번호 {orderId}에 해당하는 주문을 찾을 수 없습니다. 주문번호를 다시 확인해 주세요.");

    public static ToolResult ProductNotFound(long productNo) => ToolResult.Failure("product_not_found",
        $"상품번호 {productNo}에 해당하는 상품을 찾을 수 없습니다.");

    public static ToolResult BadPhone(string? text) => ToolResult.Failure("invalid_phone",
        $"'{text}'은(는) 전화번호 형식이 아닙니다. 010-1234-5678처럼 알려 주세요.");

    /// <summary>The start of a Korean calendar date given as YYYY-MM-DD, or null.</summary>
    public static DateTimeOffset? StartOfDay(string text)
    {
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return null;
        }

        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, ShopZone.GetUtcOffset(local));
    }

    /// <summary>A time as the shop's customers read it: Korean local time with its offset.</summary>
    public static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, ShopZone);

    /// <summary>김민수 → 김*수, 이준 → 이*: recognisable to its owner, not enough to learn someone's name.</summary>
    public static string MaskName(string name) => name.Length switch
    {
        <= 1 => "*",
        2 => name[0] + "*",
        _ => name[0] + new string('*', name.Length - 2) + name[^1],
    };
}
