using System.Text;
using System.Text.RegularExpressions;

namespace Steward.Intents;

/// <summary>Order numbers, phone numbers and tracking numbers: the digit-shaped entities.</summary>
/// <remarks>
/// Numbers are only read as whole tokens (no digit, nor a hyphen or dot attached to a digit, on either side), so a
/// part of a longer number is never an entity, while numbers glued to Korean words (<c>주문번호20240101-0000123이요</c>)
/// are. Bare long numbers are ambiguous; they are classified by the nearest cue word (<see cref="Cues"/>).
/// </remarks>
internal static partial class NumberEntities
{
    public static void Collect(string text, List<Entity> sink)
    {
        if (!text.AsSpan().ContainsAnyInRange('0', '9'))
        {
            return;
        }

        foreach (ValueMatch match in Cafe24OrderRegex().EnumerateMatches(text))
        {
            if (IsPlausibleCafe24Date(text.AsSpan(match.Index, 8)))
            {
                string order = text.Substring(match.Index, match.Length);
                sink.Add(new Entity(EntityKind.OrderNumber, order, match.Index, match.Length, order));
            }
        }

        foreach (ValueMatch match in PhoneRegex().EnumerateMatches(text))
        {
            string written = text.Substring(match.Index, match.Length);
            sink.Add(new Entity(EntityKind.Phone, written, match.Index, match.Length, NormalisePhone(written)));
        }

        foreach (ValueMatch match in DigitGroupRegex().EnumerateMatches(text))
        {
            ClassifyDigitGroup(text, match.Index, match.Length, sink);
        }
    }

    private static void ClassifyDigitGroup(string text, int start, int length, List<Entity> sink)
    {
        string written = text.Substring(start, length);
        string digits = DigitsOf(written);
        bool hyphenated = digits.Length != written.Length;
        if (digits.Length is < 10 or > 16)
        {
            return;
        }

        CueKind cue = Cues.Nearest(text, start, start + length);
        if (!hyphenated && digits.Length >= 13 && cue == CueKind.Order)
        {
            // Coupang order ids are plain digits; without an order cue a long number is not an order.
            sink.Add(new Entity(EntityKind.OrderNumber, written, start, length, digits));
        }
        else if (digits.Length <= 14 && (cue == CueKind.Shipping || (digits.Length == 12 && cue == CueKind.None)))
        {
            // 12 digits is the CJ/Hanjin/Lotte waybill length, common enough to take without a cue.
            sink.Add(new Entity(EntityKind.TrackingNumber, written, start, length, digits));
        }
    }

    /// <summary><c>+82 10-1234-5678</c> → <c>01012345678</c>; <c>+82 (0)2 …</c> → <c>02…</c>; domestic forms → digits.</summary>
    private static string NormalisePhone(string written)
    {
        string digits = DigitsOf(written);
        if (written.StartsWith('+') && digits.StartsWith("82", StringComparison.Ordinal))
        {
            string national = digits[2..];
            return national.StartsWith('0') ? national : "0" + national;
        }

        return digits;
    }

    internal static string DigitsOf(ReadOnlySpan<char> written)
    {
        var builder = new StringBuilder(written.Length);
        foreach (char c in written)
        {
            if (char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Cafe24 numbers start with the order date; a year outside 2000–2099 or an impossible day is not one.</summary>
    private static bool IsPlausibleCafe24Date(ReadOnlySpan<char> yyyymmdd) =>
        int.TryParse(yyyymmdd[..4], out int year) && year is >= 2000 and <= 2099
        && int.TryParse(yyyymmdd[4..6], out int month) && month is >= 1 and <= 12
        && int.TryParse(yyyymmdd[6..], out int day) && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    [GeneratedRegex(
        @"(?<![0-9])(?<![0-9][-.])[0-9]{8}-[0-9]{7}(?![0-9])(?![-.][0-9])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Cafe24OrderRegex();

    // Korean numbers only; the shapes follow PiiMasker's phone alternatives.
    [GeneratedRegex(
        """
        (?<![0-9])(?<![0-9][-.])
        (?:
            # +82, optional (0), then a mobile prefix, Seoul 2, an area code 31-64 or 70
            \+82[-.\x20]?(?:\(0\)\x20?)?(?:1[016-9]|2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70)[-.\x20]?[0-9]{3,4}[-.\x20]?[0-9]{4}
          | # mobile: 010/011/016-019, separators optional
            01[016-9][-.\x20]?[0-9]{3,4}[-.\x20]?[0-9]{4}
          | # landline, separators required (an unseparated 02… run is too easily something else); area code may be in ()
            (?:0(?:2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70)[-.\x20]|\(0(?:2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70)\)\x20?)
            [0-9]{3,4}[-.\x20][0-9]{4}
          | # representative numbers 15xx/16xx/18xx, hyphenated
            1[568][0-9]{2}-[0-9]{4}
        )
        (?![0-9])(?![-.][0-9])
        """,
        RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex PhoneRegex();

    // A whole number token, optionally in hyphen-separated groups (6123-4567-8901); classified in code.
    [GeneratedRegex(
        @"(?<![0-9])(?<![0-9][-.])[0-9]{2,16}(?:-[0-9]{2,8}){0,4}(?![0-9])(?![-.][0-9])",
        RegexOptions.CultureInvariant)]
    private static partial Regex DigitGroupRegex();
}
