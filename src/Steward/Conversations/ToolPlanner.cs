using System.Text.Json;
using Steward.Tools;

namespace Steward.Conversations;

public sealed record PlannedCall(string Tool, object Arguments);

/// <summary>The calls a turn makes first, and the slot it still needs (then the answer asks for it).</summary>
public sealed record ToolPlan(IReadOnlyList<PlannedCall> Calls, string? Missing);

/// <summary>
/// Which tools answer which intent, from the slots the conversation has filled. Rules, not a model: the embedded path
/// must be predictable, and an LLM responder can still call more tools itself.
/// </summary>
public static class ToolPlanner
{
    public static ToolPlan Plan(string intent, IReadOnlyDictionary<string, string> slots)
    {
        slots.TryGetValue(SlotFilling.OrderId, out var orderId);
        slots.TryGetValue(SlotFilling.Phone, out var phone);
        slots.TryGetValue(SlotFilling.Product, out var product);
        return intent switch
        {
            IntentNames.Delivery => ByOrder(orderId, phone, new PlannedCall("track_shipment", new { order_id = orderId })),
            IntentNames.OrderStatus or IntentNames.AddressChange or IntentNames.Cancel =>
                ByOrder(orderId, phone, new PlannedCall("lookup_order", new { order_id = orderId })),
            IntentNames.Refund or IntentNames.Exchange => orderId is null
                ? new ToolPlan([], SlotFilling.OrderId)
                : new ToolPlan([new PlannedCall("lookup_order", new { order_id = orderId })], null),
            IntentNames.Restock or IntentNames.Product => product is null
                ? new ToolPlan([], intent == IntentNames.Restock ? SlotFilling.Product : null)
                : new ToolPlan([new PlannedCall("read_product", new { name = product })], null),
            IntentNames.Complaint => new ToolPlan([], null),
            _ => new ToolPlan([], null),
        };
    }

    /// <summary>Calls that depend on the first results: the order's status when it has not shipped, a restock alert, a ticket.</summary>
    public static IReadOnlyList<PlannedCall> FollowUps(
        string intent, IReadOnlyDictionary<string, string> slots, IReadOnlyList<ToolCallOutcome> results, string text)
    {
        var calls = new List<PlannedCall>();
        slots.TryGetValue(SlotFilling.OrderId, out var orderId);
        if (results.Any(r => r.Tool == "track_shipment" && r.Result.Error?.Code == "not_shipped"))
        {
            calls.Add(new PlannedCall("lookup_order", new { order_id = orderId }));
        }

        if (intent == IntentNames.Restock && slots.TryGetValue(SlotFilling.Phone, out var phone) &&
            Data(results, "read_product") is { } product && product.TryGetProperty("sold_out", out var soldOut) && soldOut.GetBoolean())
        {
            calls.Add(new PlannedCall("subscribe_restock", new { product_no = product.GetProperty("product_no").GetInt64(), phone }));
        }

        var orderFound = results.Any(r => r.Tool == "lookup_order" && !r.Result.IsError);
        if (intent == IntentNames.Complaint || (intent is IntentNames.Refund or IntentNames.Exchange && orderFound))
        {
            var category = intent switch { IntentNames.Refund => "refund", IntentNames.Exchange => "exchange", _ => "general" };
            calls.Add(new PlannedCall("create_ticket", new
            {
                subject = intent == IntentNames.Complaint ? "고객 불만 접수" : $"{intent} 요청",
                body = text,
                category,
                order_id = orderFound ? orderId : null,
                customer_phone = slots.TryGetValue(SlotFilling.Phone, out var callBack) ? callBack : null,
            }));
        }

        return calls;
    }

    /// <summary>The data of the first successful call of a tool, or null.</summary>
    public static JsonElement? Data(IReadOnlyList<ToolCallOutcome> results, string tool)
    {
        var matches = results.Where(r => r.Tool == tool && r.Result.Data is not null);
        if (tool == "read_product")
        {
            // A name search returns matches; the best one is the product meant.
            return matches.Select(r => r.Result.Data!.Value)
                .Select(d => d.TryGetProperty("matches", out var m) && m.GetArrayLength() > 0 ? m[0] : d)
                .Cast<JsonElement?>().FirstOrDefault();
        }

        return matches.Select(r => r.Result.Data).FirstOrDefault();
    }

    private static ToolPlan ByOrder(string? orderId, string? phone, PlannedCall byOrderId) =>
        orderId is not null ? new ToolPlan([byOrderId], null)
        : phone is not null ? new ToolPlan([new PlannedCall("list_orders", new { phone, limit = 5 })], SlotFilling.OrderId)
        : new ToolPlan([], SlotFilling.OrderId);
}
