using Steward.Intents;

namespace Steward.Conversations;

/// <summary>The built-in model's intents, as the pipeline plans for them.</summary>
public static class IntentNames
{
    public const string Delivery = "배송문의";
    public const string OrderStatus = "주문조회";
    public const string AddressChange = "배송지변경";
    public const string Refund = "환불/반품";
    public const string Exchange = "교환";
    public const string Cancel = "취소";
    public const string Restock = "재입고";
    public const string Product = "상품문의";
    public const string Usage = "사용법";
    public const string Complaint = "불만/클레임";
    public const string Other = "기타";
    public const string OutOfScope = "out_of_scope";
}

/// <summary>
/// Merges what a message says into the session's slots (order number, phone, product) and decides the turn's intent:
/// a message that only supplies what the last turn asked for ("20240101-0000123" after "주문번호를 알려주세요")
/// continues that turn's intent instead of being read on its own.
/// </summary>
public static class SlotFilling
{
    public const string OrderId = "order_id";
    public const string Phone = "phone";
    public const string Product = "product";
    public const string PendingIntent = "pending_intent";
    public const string Missing = "missing";

    public static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> slots, IReadOnlyList<Entity> entities)
    {
        var merged = new Dictionary<string, string>(slots, StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            switch (entity.Kind)
            {
                case EntityKind.OrderNumber when entity.Value.Length == 16:
                    merged[OrderId] = entity.Value;
                    break;
                case EntityKind.Phone:
                    merged[Phone] = entity.Value;
                    break;
                case EntityKind.Product:
                    merged[Product] = entity.Value;
                    break;
            }
        }

        return merged;
    }

    /// <summary>The intent to act on, and its confidence.</summary>
    public static (string Intent, double Confidence) Resolve(
        string text, string intent, double confidence, double minConfidence, IReadOnlyDictionary<string, string> before, IReadOnlyList<Entity> entities)
    {
        var weak = confidence < minConfidence || intent == IntentNames.OutOfScope;
        if (before.TryGetValue(PendingIntent, out var pending) && before.TryGetValue(Missing, out var missing) && Supplies(entities, missing) &&
            (weak || intent is IntentNames.OrderStatus or IntentNames.Other || MostlyEntities(text, entities)))
        {
            return (pending, confidence);
        }

        if (MostlyEntities(text, entities) && entities.Any(e => e.Kind is EntityKind.OrderNumber or EntityKind.Phone))
        {
            // A bare order number or phone number is someone looking up their order, whatever else the model guesses.
            return (IntentNames.OrderStatus, confidence);
        }

        return weak ? (IntentNames.OutOfScope, confidence) : (intent, confidence);
    }

    /// <summary>
    /// "20240101-0000123" or "주문번호는 20240101-0000123이요": little is left once the entities are taken out, so whatever
    /// the classifier makes of it, the message answers the question that was asked.
    /// </summary>
    private static bool MostlyEntities(string text, IReadOnlyList<Entity> entities)
    {
        var rest = text.ToCharArray();
        foreach (var entity in entities)
        {
            Array.Fill(rest, ' ', entity.Start, Math.Min(entity.Length, rest.Length - entity.Start));
        }

        return rest.Count(char.IsLetter) <= 8;
    }

    private static bool Supplies(IReadOnlyList<Entity> entities, string missing) => missing switch
    {
        OrderId => entities.Any(e => e.Kind == EntityKind.OrderNumber),
        Phone => entities.Any(e => e.Kind == EntityKind.Phone),
        Product => entities.Any(e => e.Kind == EntityKind.Product),
        _ => false,
    };
}
