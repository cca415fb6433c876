namespace Steward.Intents;

/// <summary>The kinds of entity <see cref="EntityExtractor"/> finds in a customer's message.</summary>
public enum EntityKind
{
    /// <summary>A Cafe24 (<c>20240101-0000123</c>) or, next to an order cue, a Coupang (13–16 digits) order number.</summary>
    OrderNumber,

    /// <summary>A Korean mobile or landline number; <see cref="Entity.Value"/> is its digits with the leading 0.</summary>
    Phone,

    /// <summary>A parcel tracking number (10–14 digits); <see cref="Entity.Value"/> is its digits.</summary>
    TrackingNumber,

    /// <summary>An e-mail address; <see cref="Entity.Value"/> is lower-case.</summary>
    Email,

    /// <summary>A sum of money with a unit; <see cref="Entity.Value"/> is whole won (<c>30000</c>) or <c>12.50 USD</c>.</summary>
    Amount,

    /// <summary>A name from the run-time catalogue; <see cref="Entity.Value"/> is the catalogue entry.</summary>
    Product,

    /// <summary>A single day; <see cref="Entity.Value"/> is ISO <c>yyyy-MM-dd</c>.</summary>
    Date,

    /// <summary>A range of days, both ends inclusive; <see cref="Entity.Value"/> is <c>yyyy-MM-dd..yyyy-MM-dd</c>.</summary>
    Period,
}

/// <summary>An entity found in a text.</summary>
/// <param name="Kind">What was found.</param>
/// <param name="Text">The text as written (<c>text.Substring(Start, Length)</c>).</param>
/// <param name="Start">Index of the first character in the source text.</param>
/// <param name="Length">Number of characters in the source text.</param>
/// <param name="Value">The normalised value; its format depends on <paramref name="Kind"/>.</param>
public sealed record Entity(EntityKind Kind, string Text, int Start, int Length, string Value);

/// <summary>What an extraction needs besides the text.</summary>
/// <param name="Now">The current instant; relative dates ("어제", "last week") are resolved against it.</param>
/// <param name="TimeZone">The shop's time zone; "today" is the date of <paramref name="Now"/> in this zone.</param>
/// <param name="Catalogue">
/// Product names to recognise. Treat the list as an immutable snapshot: <see cref="EntityExtractor"/> caches the
/// index it builds per list instance, so pass a new list when the catalogue changes.
/// </param>
public sealed record ExtractionContext(DateTimeOffset Now, TimeZoneInfo TimeZone, IReadOnlyList<string> Catalogue)
{
    /// <summary>The shop time zone Steward assumes when none is configured.</summary>
    /// <remarks>Looked up on each call (the runtime caches it) so a host without tzdata fails where it is used.</remarks>
    public static TimeZoneInfo Seoul => TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    /// <summary>The calendar date of <see cref="Now"/> in <see cref="TimeZone"/>.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, TimeZone).DateTime);
}
