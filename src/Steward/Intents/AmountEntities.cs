using System.Globalization;
using System.Text.RegularExpressions;

namespace Steward.Intents;

/// <summary>Sums of money: won (<c>39,000원</c>, <c>₩39,000</c>, <c>3만 5천원</c>, <c>1.5만원</c>) and dollars.</summary>
/// <remarks>
/// A number is only an amount when a unit or currency sign is attached; a bare <c>39000</c> could be anything.
/// Won values are whole won (<c>30000</c>); dollar values keep the written decimals (<c>12.50 USD</c>).
/// </remarks>
internal static partial class AmountEntities
{
    private const decimal Man = 10_000m;
    private const decimal Cheon = 1_000m;

    public static void Collect(string text, List<Entity> sink)
    {
        if (!text.AsSpan().ContainsAnyInRange('0', '9'))
        {
            return;
        }

        foreach (Match match in AmountRegex().Matches(text))
        {
            string? value = Normalise(match);
            if (value is not null)
            {
                sink.Add(new Entity(EntityKind.Amount, match.Value, match.Index, match.Length, value));
            }
        }
    }

    private static string? Normalise(Match match)
    {
        Group usd = match.Groups["usd"];
        if (usd.Success)
        {
            return TryParse(usd.Value, out _) ? usd.Value.Replace(",", "", StringComparison.Ordinal) + " USD" : null;
        }

        decimal won;
        Group man = match.Groups["man"];
        Group cheon = match.Groups["cheon"];
        if (man.Success || cheon.Success)
        {
            if (!TryParse(man.Success ? man.Value : "0", out decimal manValue)
                || !TryParse(cheon.Success ? cheon.Value : "0", out decimal cheonValue)
                || !TryParse(match.Groups["rest"] is { Success: true } rest ? rest.Value : "0", out decimal restValue))
            {
                return null;
            }

            won = (manValue * Man) + (cheonValue * Cheon) + restValue;
        }
        else if (!TryParse(match.Groups["won"].Value, out won))
        {
            return null;
        }

        return decimal.Round(won, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
    }

    // The pattern bounds the digits, so neither parsing nor the 만 arithmetic can overflow.
    private static bool TryParse(string number, out decimal value) =>
        decimal.TryParse(number, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    // NUM: 1-3 digits with thousands groups, or plain digits; optional decimals. Left boundary: no digit, and no
    // digit plus ',' or '.' (so "1,234" inside "11,234원" or a version "1.2.3원" does not yield a part).
    [GeneratedRegex(
        """
        (?<![0-9])(?<![0-9][.,])
        (?:
            (?:[₩￦]|KRW)\x20?(?<won>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,15})(?![0-9]|[.,][0-9])
          | (?<man>[0-9]{1,6}(?:\.[0-9]{1,4})?)\x20?만(?:\x20?(?<cheon>[0-9])\x20?천)?(?:\x20?(?<rest>[0-9]{1,4}))?\x20?원
          | (?<cheon>[0-9])\x20?천\x20?원
          | (?<won>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,15})\x20?(?:원|KRW)
          | \$\x20?(?<usd>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,12})(?:\.[0-9]{1,2})?)(?![0-9]|[.,][0-9])
          | (?<usd>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,12})(?:\.[0-9]{1,2})?)\x20?(?:dollars?|USD|달러)(?![A-Za-z])
          | USD\x20?(?<usd>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,12})(?:\.[0-9]{1,2})?)(?![0-9]|[.,][0-9])
        )
        """,
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex AmountRegex();
}
