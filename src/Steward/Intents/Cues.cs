namespace Steward.Intents;

/// <summary>Which kind of cue word stands nearest a number.</summary>
internal enum CueKind
{
    None,
    Order,
    Shipping,
}

/// <summary>Finds the cue word nearest a number, to tell a Coupang order id from a tracking number.</summary>
/// <remarks>
/// The nearest cue wins rather than any cue in the window, because one message often names both
/// ("주문했는데 택배 송장번호 612345678901").
/// </remarks>
internal static class Cues
{
    /// <summary>How far before a number a cue may stand (labels come first: "주문번호는 아래와 같습니다: …").</summary>
    private const int Before = 24;

    /// <summary>How far after a number a cue may stand ("1234567890123 주문 취소해 주세요").</summary>
    private const int After = 12;

    // "order" covers "order id", "order no", "order #"; "송장" covers "운송장".
    private static readonly string[] OrderCues = ["주문", "order"];

    private static readonly string[] ShippingCues =
        ["송장", "택배", "tracking", "waybill", "CJ", "한진", "롯데", "우체국", "로젠", "배송조회"];

    public static CueKind Nearest(string text, int start, int end)
    {
        int order = Distance(text, start, end, OrderCues);
        int shipping = Distance(text, start, end, ShippingCues);
        if (order == int.MaxValue && shipping == int.MaxValue)
        {
            return CueKind.None;
        }

        // On a tie the shipping cue wins: "주문한 택배" is about the parcel.
        return order < shipping ? CueKind.Order : CueKind.Shipping;
    }

    private static int Distance(string text, int start, int end, string[] cues)
    {
        int windowStart = Math.Max(0, start - Before);
        ReadOnlySpan<char> before = text.AsSpan(windowStart, start - windowStart);
        ReadOnlySpan<char> after = text.AsSpan(end, Math.Min(After, text.Length - end));
        int best = int.MaxValue;
        foreach (string cue in cues)
        {
            int index = before.LastIndexOf(cue, StringComparison.OrdinalIgnoreCase);
            if (index >= 0)
            {
                best = Math.Min(best, before.Length - (index + cue.Length));
            }

            index = after.IndexOf(cue, StringComparison.OrdinalIgnoreCase);
            if (index >= 0)
            {
                best = Math.Min(best, index);
            }
        }

        return best;
    }
}
