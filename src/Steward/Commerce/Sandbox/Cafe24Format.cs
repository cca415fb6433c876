using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Steward.Commerce.Sandbox;

/// <summary>
/// How the sandbox writes Cafe24's conventions: money as strings with two decimals, times in ISO-8601 at +09:00, the
/// order status codes, the sandbox's deterministic product, variant, item and shipping codes, and the error body.
/// </summary>
internal static class Cafe24Format
{
    /// <summary>
    /// Cafe24's field names whatever the application's own JSON settings are. Text is written as Cafe24 writes it (Korean,
    /// "+09:00", "Q&amp;A" unescaped): these bodies are only ever served as application/json with nosniff, never inside HTML.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The sandbox's statuses as Cafe24 order status codes, and back.</summary>
    public static readonly IReadOnlyDictionary<string, string> OrderStatusCodes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["결제완료"] = "N10",
        ["배송준비중"] = "N20",
        ["배송중"] = "N30",
        ["배송완료"] = "N40",
        ["취소"] = "C40",
        ["반품"] = "R40",
    };

    public static readonly IReadOnlyDictionary<string, string> StatusesByCode =
        OrderStatusCodes.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.OrdinalIgnoreCase);

    public static string Money(long won) => won.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, SandboxSeeder.Seoul).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string? Date(DateTimeOffset? at) => at is { } value ? Date(value) : null;

    public static string Flag(bool value) => value ? "T" : "F";

    /// <summary>F not shipped, M in transit, T delivered (returned orders were delivered first).</summary>
    public static string ShippingStatusOf(string status) => status switch
    {
        "배송중" => "M",
        "배송완료" or "반품" => "T",
        _ => "F",
    };

    /// <summary>Cafe24's product code shape: P and seven digits, here the product number (1001 → P0001001).</summary>
    public static string ProductCodeOf(long productNo) => $"P{productNo:D7}";

    /// <summary>Every sandbox product has one variant: its product code and 000A (1001 → P0001001000A).</summary>
    public static string VariantCodeOf(long productNo) => ProductCodeOf(productNo) + "000A";

    public static string OrderItemCodeOf(string orderId, int line) => $"{orderId}-{line:D2}";

    public static string ShippingCodeOf(string orderId) => $"D-{orderId}-00";

    /// <summary>The sandbox's carriers numbered in <see cref="SandboxNames.Carriers"/> order: 0001 CJ대한통운 … 0005 로젠택배.</summary>
    public static string CarrierCodeOf(string carrier) => $"{Array.IndexOf(SandboxNames.Carriers, carrier) + 1:D4}";

    public static JsonHttpResult<T> Ok<T>(T value, int status = StatusCodes.Status200OK) => TypedResults.Json(value, Json, statusCode: status);

    public static JsonHttpResult<Cafe24ErrorBody> Error(int status, string message) =>
        TypedResults.Json(new Cafe24ErrorBody(new Cafe24Error(status, message, new Dictionary<string, string>())), Json, statusCode: status);

    public static JsonHttpResult<Cafe24ErrorBody> NotFound(string message) => Error(StatusCodes.Status404NotFound, message);

    public static JsonHttpResult<Cafe24ErrorBody> Invalid(string message) => Error(StatusCodes.Status422UnprocessableEntity, message);
}

internal sealed record Cafe24ErrorBody(Cafe24Error Error);

/// <param name="Code">The HTTP status, as Cafe24 repeats it in the body.</param>
internal sealed record Cafe24Error(int Code, string Message, IReadOnlyDictionary<string, string> MoreInfo);
