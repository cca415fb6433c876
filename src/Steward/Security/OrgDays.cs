namespace Steward.Security;

/// <summary>An org's days are its time zone's days: daily quotas, the guardian's daily rates and reports count from local midnight.</summary>
public static class OrgDays
{
    /// <summary>Midnight of the org's local day containing <paramref name="now"/>.</summary>
    public static DateTimeOffset Start(DateTimeOffset now, TimeZoneInfo zone) =>
        Start(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime), zone);

    /// <summary>Local midnight of <paramref name="day"/>, in UTC; where midnight does not exist (a DST jump), the first valid minute after it.</summary>
    public static DateTimeOffset Start(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The org's local date of <paramref name="now"/>.</summary>
    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
}
