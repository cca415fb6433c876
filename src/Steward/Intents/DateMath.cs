using System.Globalization;
using System.Text.RegularExpressions;

namespace Steward.Intents;

/// <summary>Calendar arithmetic and entity construction shared by the Korean, English and numeric date readers.</summary>
internal static class DateMath
{
    /// <summary>Relative counts ("최근 N일", "N days ago") beyond ten years are not dates a customer means.</summary>
    public const int MaxDays = 3660;

    public const int MaxMonths = 120;

    /// <summary>Monday to Sunday of the week containing <paramref name="day"/> (the Korean and ISO convention).</summary>
    public static (DateOnly First, DateOnly Last) Week(DateOnly day)
    {
        DateOnly monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return (monday, monday.AddDays(6));
    }

    public static (DateOnly First, DateOnly Last) Month(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return (first, first.AddMonths(1).AddDays(-1));
    }

    public static (DateOnly First, DateOnly Last) Month(DateOnly day) => Month(day.Year, day.Month);

    public static (DateOnly First, DateOnly Last) Year(int year) => (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

    /// <summary>The last <paramref name="days"/> days up to and including <paramref name="today"/>.</summary>
    public static (DateOnly First, DateOnly Last) LastDays(DateOnly today, int days) => (today.AddDays(1 - days), today);

    /// <summary>"최근 3개월" on 2026-03-02 is 2025-12-03..2026-03-02.</summary>
    public static (DateOnly First, DateOnly Last) LastMonths(DateOnly today, int months) =>
        (today.AddMonths(-months).AddDays(1), today);

    /// <summary>A month named without a year is the most recent one not in the future ("1월" in March is this January).</summary>
    public static int MostRecentYear(DateOnly today, int month) => month <= today.Month ? today.Year : today.Year - 1;

    /// <summary>
    /// A day named without a year is read in the year that puts it nearest today (ties go to the past): "3월 5일" on
    /// 2026-03-02 is three days ahead, "12월 28일" on 2026-01-05 is last December.
    /// </summary>
    public static DateOnly? Nearest(DateOnly today, int month, int day)
    {
        DateOnly? best = null;
        int bestDistance = int.MaxValue;
        for (int year = today.Year - 1; year <= today.Year + 1; year++)
        {
            if (TryCreate(year, month, day) is { } candidate
                && Math.Abs(candidate.DayNumber - today.DayNumber) is var distance && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    public static DateOnly? TryCreate(int year, int month, int day) =>
        year is >= 1000 and <= 9998 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    public static bool IsMonth(int month) => month is >= 1 and <= 12;

    public static bool IsYear(int year) => year is >= 1000 and <= 9998;

    public static void AddDate(List<Entity> sink, Capture capture, DateOnly date) =>
        sink.Add(new Entity(EntityKind.Date, capture.Value, capture.Index, capture.Length, Iso(date)));

    public static void AddPeriod(List<Entity> sink, Capture capture, (DateOnly First, DateOnly Last) period) =>
        sink.Add(new Entity(
            EntityKind.Period, capture.Value, capture.Index, capture.Length, Iso(period.First) + ".." + Iso(period.Last)));

    public static int Int(Group group) =>
        int.TryParse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : -1;

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
