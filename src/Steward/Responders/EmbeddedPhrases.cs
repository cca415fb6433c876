using System.Globalization;
using System.Text.Json;
using Steward.Conversations;
using Steward.Tools;

namespace Steward.Responders;

/// <summary>The embedded responder's sentences, one language per instance.</summary>
internal sealed class EmbeddedPhrases(string language, TimeZoneInfo zone)
{
    private bool Korean => language == "ko";

    private string L(string ko, string en) => Korean ? ko : en;

    private string When(JsonElement at) =>
        TimeZoneInfo.ConvertTime(at.GetDateTimeOffset(), zone).ToString(Korean ? "M월 d일 HH:mm" : "MMM d, HH:mm", CultureInfo.InvariantCulture);

    private static string Won(long amount) => amount.ToString("N0", CultureInfo.InvariantCulture);

    private static string S(JsonElement data, string name) => data.GetProperty(name).GetString() ?? "";

    public string? Success(string tool, JsonElement data) => tool switch
    {
        "track_shipment" => Shipment(data),
        "lookup_order" => Order(data),
        "list_orders" => Orders(data),
        "read_product" => Product(data.TryGetProperty("matches", out var matches) ? matches[0] : data),
        "subscribe_restock" => L($"재입고되면 {S(data, "phone")} 번호로 문자로 알려드릴게요.", $"We'll text {S(data, "phone")} when it is back in stock."),
        "create_ticket" => L($"담당자가 확인할 수 있도록 상담을 접수했습니다 (접수번호 {S(data, "ticket_id")}).",
            $"We've opened a request for our team (reference {S(data, "ticket_id")})."),
        _ => null,
    };

    public string Failure(ToolCallOutcome outcome) => outcome.Decision switch
    {
        ToolDecision.ApprovalRequired => L("요청하신 변경은 담당자 확인 후 처리됩니다.", "A staff member will confirm and make this change."),
        ToolDecision.Allowed when outcome.Result.Error!.Code == "not_shipped" => L("아직 출고 전이라 배송 조회 정보가 없습니다.", "It has not shipped yet, so there is no tracking yet."),
        ToolDecision.Allowed => outcome.Result.Error!.Message,
        _ => L("지금은 이 요청을 처리할 수 없습니다. 잠시 후 다시 시도하시거나 상담원에게 문의해 주세요.",
            "We can't handle this request right now. Please try again later or ask our staff."),
    };

    private string Shipment(JsonElement data)
    {
        var events = data.GetProperty("events");
        var last = events.GetArrayLength() > 0 ? events[events.GetArrayLength() - 1] : (JsonElement?)null;
        var head = L($"주문 {S(data, "order_id")}은(는) {S(data, "carrier")} 송장번호 {S(data, "tracking_no")}(으)로 발송되었습니다.",
            $"Order {S(data, "order_id")} shipped with {S(data, "carrier")}, tracking number {S(data, "tracking_no")}.");
        if (data.GetProperty("delivered_at").ValueKind != JsonValueKind.Null)
        {
            return head + " " + L($"{When(data.GetProperty("delivered_at"))}에 배송 완료되었습니다.", $"It was delivered on {When(data.GetProperty("delivered_at"))}.");
        }

        return last is { } e
            ? head + " " + L($"최근 상태: {S(e, "description")} ({When(e.GetProperty("at"))}, {S(e, "location")}).",
                $"Latest: {S(e, "description")} ({When(e.GetProperty("at"))}, {S(e, "location")}).")
            : head;
    }

    private string Order(JsonElement data)
    {
        var items = data.GetProperty("items");
        var first = items.GetArrayLength() > 0 ? S(items[0], "product_name") : "";
        var more = items.GetArrayLength() > 1 ? L($" 외 {items.GetArrayLength() - 1}건", $" and {items.GetArrayLength() - 1} more") : "";
        return L($"주문 {S(data, "order_id")}({When(data.GetProperty("ordered_at"))} 주문, {first}{more})의 현재 상태는 '{S(data, "status")}'이며 결제금액은 {Won(data.GetProperty("total").GetInt64())}원입니다.",
            $"Order {S(data, "order_id")} (placed {When(data.GetProperty("ordered_at"))}, {first}{more}) is '{S(data, "status")}'; total {Won(data.GetProperty("total").GetInt64())} won.");
    }

    private string Orders(JsonElement data)
    {
        var orders = data.GetProperty("orders");
        if (orders.GetArrayLength() == 0)
        {
            return L("이 번호로 찾은 주문이 없습니다.", "We found no orders for this number.");
        }

        var list = string.Join(", ", orders.EnumerateArray().Take(5).Select(o =>
            $"{S(o, "order_id")} ({When(o.GetProperty("ordered_at"))}, {S(o, "status")}, {S(o, "first_item_name")})"));
        return L($"이 번호로 최근 주문 {orders.GetArrayLength()}건을 찾았습니다: {list}.", $"We found {orders.GetArrayLength()} recent orders for this number: {list}.");
    }

    private string Product(JsonElement data) => data.GetProperty("sold_out").GetBoolean()
        ? L($"{S(data, "name")}({Won(data.GetProperty("price").GetInt64())}원)은(는) 현재 품절입니다.", $"{S(data, "name")} ({Won(data.GetProperty("price").GetInt64())} won) is sold out right now.")
        : L($"{S(data, "name")}은(는) {Won(data.GetProperty("price").GetInt64())}원이며 지금 주문하실 수 있습니다 (재고 {data.GetProperty("stock").GetInt64()}개).",
            $"{S(data, "name")} costs {Won(data.GetProperty("price").GetInt64())} won and is in stock ({data.GetProperty("stock").GetInt64()} left).");

    public string Passage(Knowledge.KbHit passage) =>
        L($"{passage.Snippet.Trim()} (안내: {passage.Title} › {passage.Heading})", $"{passage.Snippet.Trim()} (from: {passage.Title} › {passage.Heading})");

    public string AskFor(string missing) => missing switch
    {
        SlotFilling.OrderId => L("확인을 위해 주문번호(예: 20240101-0000123)를 알려주세요.", "Please tell me your order number (e.g. 20240101-0000123)."),
        SlotFilling.Product => L("어떤 상품인지 상품명을 알려주세요.", "Which product do you mean? Please tell me its name."),
        _ => L("조금 더 자세히 알려주세요.", "Could you tell me a little more?"),
    };

    public string CannotAnswer(string intent) => intent == IntentNames.OutOfScope
        ? L("죄송하지만 이 질문은 가지고 있는 자료로 답변드릴 수 없습니다.", "Sorry, I can't answer that from the information I have.")
        : L("죄송하지만 지금 가진 정보만으로는 정확히 답변드리기 어렵습니다.", "Sorry, I can't answer that accurately from the information I have yet.");
}
