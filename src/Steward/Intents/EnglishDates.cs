using System.Text.RegularExpressions;

namespace Steward.Intents;

/// <summary>English dates: "today", "last week", "last 7 days", "3 days ago", "January", "Jan 2026", "March 5".</summary>
internal static partial class EnglishDates
{
    public static void Collect(string text, DateOnly today, List<Entity> sink)
    {
        if (!text.AsSpan().ContainsAnyInRange('a', 'z') && !text.AsSpan().ContainsAnyInRange('A', 'Z'))
        {
            return;
        }

        foreach (Match match in EnglishRegex().Matches(text))
        {
            if (match.Groups["mon"].Success)
            {
                AddCalendar(match, today, sink);
            }
            else
            {
                AddRelative(match, today, sink);
            }
        }
    }

    private static void AddRelative(Match match, DateOnly today, List<Entity> sink)
    {
        GroupCollection g = match.Groups;
        if (g["day"].Success)
        {
            int offset = g["day"].Value.ToLowerInvariant() switch
            {
                "today" => 0,
                "yesterday" => -1,
                "tomorrow" => 1,
                _ => -2, // the day before yesterday
            };
            DateMath.AddDate(sink, match, today.AddDays(offset));
            return;
        }

        if (g["which"].Success)
        {
            int step = g["which"].Value.ToLowerInvariant() switch { "this" => 0, "next" => 1, _ => -1 };
            string unit = g["unit"].Value.ToLowerInvariant();
            DateMath.AddPeriod(sink, match, unit switch
            {
                "week" => DateMath.Week(today.AddDays(7 * step)),
                "month" => DateMath.Month(today.AddMonths(step)),
                _ => DateMath.Year(today.Year + step),
            });
            return;
        }

        int count = DateMath.Int(g["n"]);
        char unitLetter = char.ToLowerInvariant(g["nunit"].Value[0]);
        int days = unitLetter switch { 'w' => count * 7, 'd' => count, _ => 0 };
        if (g["ago"].Success)
        {
            if (unitLetter != 'm' && days is >= 0 and <= DateMath.MaxDays)
            {
                DateMath.AddDate(sink, match, today.AddDays(-days));
            }
        }
        else if (unitLetter == 'm')
        {
            if (count is >= 1 and <= DateMath.MaxMonths)
            {
                DateMath.AddPeriod(sink, match, DateMath.LastMonths(today, count));
            }
        }
        else if (days is >= 1 and <= DateMath.MaxDays)
        {
            DateMath.AddPeriod(sink, match, DateMath.LastDays(today, days));
        }
    }

    private static void AddCalendar(Match match, DateOnly today, List<Entity> sink)
    {
        GroupCollection g = match.Groups;
        string name = g["mon"].Value;
        bool hasDay = g["d"].Success;
        bool hasYear = g["y"].Success;

        // A bare month name must be capitalised, and "May" needs a day or year: "may", "march", "Jan" the person.
        if (!hasDay && !hasYear && (char.IsLower(name[0]) || name.Equals("may", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        int month = MonthNumber(name);
        int year = hasYear ? DateMath.Int(g["y"]) : DateMath.MostRecentYear(today, month);
        if (!DateMath.IsYear(year))
        {
            return;
        }

        if (!hasDay)
        {
            DateMath.AddPeriod(sink, match, DateMath.Month(year, month));
            return;
        }

        int day = DateMath.Int(g["d"]);
        DateOnly? date = hasYear ? DateMath.TryCreate(year, month, day) : DateMath.Nearest(today, month, day);
        if (date is { } d)
        {
            DateMath.AddDate(sink, match, d);
        }
    }

    private static int MonthNumber(string name) =>
        char.ToLowerInvariant(name[0]) switch
        {
            'j' when char.ToLowerInvariant(name[1]) == 'a' => 1,
            'j' when char.ToLowerInvariant(name[2]) == 'n' => 6,
            'j' => 7,
            'f' => 2,
            'm' when char.ToLowerInvariant(name[2]) == 'r' => 3,
            'm' => 5,
            'a' when char.ToLowerInvariant(name[1]) == 'p' => 4,
            'a' => 8,
            's' => 9,
            'o' => 10,
            'n' => 11,
            _ => 12,
        };

    // Letters on either side must not be ASCII letters (not \b: Korean letters are word characters too, and
    // "yesterday에" must match). Month alternatives list the long form first so "March" is not read as "Mar".
    [GeneratedRegex(
        """
        (?<![A-Za-z0-9])
        (?:
            (?<day>today|yesterday|tomorrow|the\x20day\x20before\x20yesterday)
          | (?<which>this|last|next|past)\s(?<unit>week|month|year)
          | (?:last|past)\s(?<n>[0-9]{1,4})\s(?<nunit>days?|weeks?|months?)
          | (?<ago>(?<n>[0-9]{1,4})\s(?<nunit>days?|weeks?)\sago)
          | (?:(?<d>[0-9]{1,2})(?:st|nd|rd|th)?\s(?:of\s)?)?
            (?<mon>january|february|march|april|may|june|july|august|september|october|november|december
                  |jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?
            (?(d)|(?:\s(?<d>[0-9]{1,2})(?:st|nd|rd|th)?(?![0-9]))?)
            (?:,?\s(?<y>[0-9]{4})(?![0-9]))?
        )
        (?![A-Za-z])
        """,
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex EnglishRegex();
}
