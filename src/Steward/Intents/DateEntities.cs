using System.Text.RegularExpressions;

namespace Steward.Intents;

/// <summary>Dates and periods: numeric (<c>2026-01-01</c>, ranges), Korean (<see cref="KoreanDates"/>) and English (<see cref="EnglishDates"/>).</summary>
/// <remarks>
/// Relative expressions are resolved against "today" in the shop's time zone, computed once by the caller.
/// Compact <c>yyyyMMdd</c> runs are deliberately not dates: they are the front of Cafe24 order numbers.
/// </remarks>
internal static partial class DateEntities
{
    public static void Collect(string text, DateOnly today, List<Entity> sink)
    {
        // Keeps every relative step (±10 years, a year either side) inside DateOnly's range, so nothing can throw.
        if (today.Year is < 1100 or > 9900)
        {
            return;
        }

        if (text.AsSpan().ContainsAnyInRange('0', '9'))
        {
            CollectNumeric(text, sink);
        }

        KoreanDates.Collect(text, today, sink);
        EnglishDates.Collect(text, today, sink);
    }

    private static void CollectNumeric(string text, List<Entity> sink)
    {
        foreach (Match match in NumericRegex().Matches(text))
        {
            if (DateMath.TryCreate(DateMath.Int(match.Groups["y1"]), DateMath.Int(match.Groups["m1"]), DateMath.Int(match.Groups["d1"])) is not { } first)
            {
                continue;
            }

            if (!match.Groups["y2"].Success)
            {
                DateMath.AddDate(sink, match, first);
            }
            else if (DateMath.TryCreate(DateMath.Int(match.Groups["y2"]), DateMath.Int(match.Groups["m2"]), DateMath.Int(match.Groups["d2"])) is { } last
                && first <= last)
            {
                DateMath.AddPeriod(sink, match, (first, last));
            }
        }
    }

    // yyyy-MM-dd, yyyy.MM.dd or yyyy/MM/dd (one separator throughout), optionally a range to a second such date.
    // The separators between the two ends include '-' ("2026.01.01-2026.01.31"), Korean 부터/까지 and English "to".
    [GeneratedRegex(
        """
        (?<![0-9])(?<![0-9][-./])
        (?<y1>[0-9]{4})(?<s>[-./])(?<m1>[0-9]{1,2})\k<s>(?<d1>[0-9]{1,2})
        (?:\.?\s{0,3}(?:~|～|–|-|to|부터)\s{0,3}(?<y2>[0-9]{4})[-./](?<m2>[0-9]{1,2})[-./](?<d2>[0-9]{1,2})(?:\.?\x20?까지)?)?
        (?![0-9])(?![-./][0-9])
        """,
        RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex NumericRegex();
}
