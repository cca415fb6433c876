using System.Text.RegularExpressions;

namespace Steward.Intents;

/// <summary>Korean dates: relative words ("어제", "지난주", "최근 7일", "3일 전") and calendar forms ("작년 12월", "3월 5일").</summary>
internal static partial class KoreanDates
{
    public static void Collect(string text, DateOnly today, List<Entity> sink)
    {
        foreach (Match match in RelativeRegex().Matches(text))
        {
            AddRelative(match, today, sink);
        }

        if (text.AsSpan().ContainsAnyInRange('0', '9'))
        {
            foreach (Match match in CalendarRegex().Matches(text))
            {
                AddCalendar(match, today, sink);
            }
        }
    }

    private static void AddRelative(Match match, DateOnly today, List<Entity> sink)
    {
        GroupCollection g = match.Groups;
        if (g["day"].Success)
        {
            int offset = g["day"].Value switch
            {
                "오늘" or "금일" => 0,
                "어제" => -1,
                "내일" => 1,
                "모레" or "내일모레" or "내일 모레" => 2,
                _ => -2, // 그제, 그저께, 엊그제
            };
            DateMath.AddDate(sink, match, today.AddDays(offset));
        }
        else if (g["week"].Success)
        {
            int weeks = g["week"].Value switch { "이번" => 0, "다음" => 1, _ => -1 };
            DateMath.AddPeriod(sink, match, DateMath.Week(today.AddDays(7 * weeks)));
        }
        else if (g["month"].Success)
        {
            int months = g["month"].Value switch { "이번" or "이" => 0, "다음" => 1, _ => -1 };
            DateMath.AddPeriod(sink, match, DateMath.Month(today.AddMonths(months)));
        }
        else if (g["year"].Success)
        {
            DateMath.AddPeriod(sink, match, DateMath.Year(today.Year + YearOffset(g["year"].Value)));
        }
        else if (g["ndays"].Success || g["aweek"].Success)
        {
            int days = g["aweek"].Success ? 7 : DateMath.Int(g["ndays"]);
            if (days is >= 1 and <= DateMath.MaxDays)
            {
                DateMath.AddPeriod(sink, match, DateMath.LastDays(today, days));
            }
        }
        else if (g["nmonths"].Success || g["amonth"].Success)
        {
            int months = g["amonth"].Success ? 1 : DateMath.Int(g["nmonths"]);
            if (months is >= 1 and <= DateMath.MaxMonths)
            {
                DateMath.AddPeriod(sink, match, DateMath.LastMonths(today, months));
            }
        }
        else if (g["ago"].Success)
        {
            int days = DateMath.Int(g["ago"]) * (g["unit"].Value == "주" ? 7 : 1);
            if (days is >= 0 and <= DateMath.MaxDays)
            {
                DateMath.AddDate(sink, match, today.AddDays(-days));
            }
        }
    }

    private static void AddCalendar(Match match, DateOnly today, List<Entity> sink)
    {
        GroupCollection g = match.Groups;
        int month = g["m"].Success ? DateMath.Int(g["m"]) : 0;
        int? year = g["y"].Success ? DateMath.Int(g["y"]) : g["rel"].Success ? today.Year + YearOffset(g["rel"].Value) : null;
        if (year is { } y && !DateMath.IsYear(y))
        {
            return;
        }

        if (!g["m"].Success)
        {
            DateMath.AddPeriod(sink, match, DateMath.Year(year!.Value)); // "2026년": the pattern requires a year here
        }
        else if (!DateMath.IsMonth(month))
        {
            return;
        }
        else if (!g["d"].Success)
        {
            DateMath.AddPeriod(sink, match, DateMath.Month(year ?? DateMath.MostRecentYear(today, month), month));
        }
        else
        {
            int day = DateMath.Int(g["d"]);
            DateOnly? date = year is { } explicitYear ? DateMath.TryCreate(explicitYear, month, day) : DateMath.Nearest(today, month, day);
            if (date is { } d)
            {
                DateMath.AddDate(sink, match, d);
            }
        }
    }

    private static int YearOffset(string word) => word switch
    {
        "올해" or "금년" => 0,
        "작년" or "지난해" or "전년" => -1,
        "재작년" => -2,
        _ => 1, // 내년
    };

    // Korean glues particles to words ("어제요", "지난주에"), so there is no right boundary; the negative lookaheads
    // keep out the words these prefixes also start: 그제서야 (only then), 지난주문 (past orders), 이번주문.
    [GeneratedRegex(
        """
        (?<day>오늘|금일|어제|엊그제|그저께|그제(?!서야|야)|내일\x20?모레|내일|모레)
        | (?<week>이번|지난|저번|다음)\x20?주(?!문|년|간|소|인|제)
        | (?<month>이번|지난|저번|다음)\x20?달 | (?<month>이)달
        | (?<year>재작년|작년|지난해|전년|올해|금년|내년)
        | (?:최근|지난)\x20?(?:(?<ndays>[0-9]{1,4})\x20?일|(?<aweek>일주일|1주일|한\x20?주))(?:간|동안)?(?!\x20?전)
        | (?:최근|지난)\x20?(?:(?<nmonths>[0-9]{1,3})\x20?(?:개월|달)|(?<amonth>한\x20?달))(?:간|동안)?
        | (?<![0-9])(?<ago>[0-9]{1,4})\x20?(?<unit>일|주)\x20?전
        """,
        RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex RelativeRegex();

    // "2026년", "2026년 1월", "2026년 3월 5일", "작년 12월", "1월", "3월 5일". "월" must not start "월요일" (Monday).
    [GeneratedRegex(
        """
        (?<![0-9])
        (?:
            (?<y>[0-9]{4})\x20?년(?:\x20?(?<m>[0-9]{1,2})\x20?월(?!요)(?:\x20?(?<d>[0-9]{1,2})\x20?일)?)?
          | (?:(?<rel>재작년|작년|지난해|전년|올해|금년|내년)\x20?)?(?<m>[0-9]{1,2})\x20?월(?!요)(?:\x20?(?<d>[0-9]{1,2})\x20?일)?
        )
        (?![0-9])
        """,
        RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex CalendarRegex();
}
