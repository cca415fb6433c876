using Steward.Intents;

namespace Steward.Tests.Intents;

/// <summary>The fixed clock and catalogue the entity tests share, and a compact rendering of results.</summary>
internal static class EntityTestSupport
{
    public static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    /// <summary>2026-03-02 10:00 KST, a Monday.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(9));

    public static readonly string[] Catalogue =
        ["무선청소기", "무선청소기 필터", "Air Purifier", "Pen", "유기농 녹차 100g", "아이폰 15 케이스"];

    public static readonly EntityExtractor Extractor = new();

    public static ExtractionContext Context(DateTimeOffset? now = null) => new(now ?? Now, Seoul, Catalogue);

    /// <summary>"Kind:Value | Kind:Value" in text order; empty when nothing was found.</summary>
    public static string Render(IReadOnlyList<Entity> entities) =>
        string.Join(" | ", entities.Select(static e => $"{e.Kind}:{e.Value}"));

    public static string Extract(string text, DateTimeOffset? now = null) => Render(Extractor.Extract(text, Context(now)));
}
