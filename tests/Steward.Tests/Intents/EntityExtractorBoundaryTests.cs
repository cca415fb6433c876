using System.Diagnostics;
using System.Text;
using Steward.Intents;
using static Steward.Tests.Intents.EntityTestSupport;

namespace Steward.Tests.Intents;

public class EntityExtractorBoundaryTests
{
    /// <summary>Clock edges: "today" is the KST date, and month, week and year arithmetic rolls over.</summary>
    public static TheoryData<string, DateTimeOffset, string> ClockCases => new()
    {
        // 00:30 KST on 2 March is still 1 March in UTC
        { "오늘", Utc(2026, 3, 1, 15, 30), "Date:2026-03-02" },
        { "어제", Utc(2026, 3, 1, 15, 30), "Date:2026-03-01" },
        { "today", Utc(2026, 3, 1, 15, 30), "Date:2026-03-02" },
        // 23:59 KST is the same KST day even when given with a UTC offset
        { "오늘", Utc(2026, 3, 2, 14, 59), "Date:2026-03-02" },
        // month and year rollover in January
        { "지난달", Kst(2026, 1, 15), "Period:2025-12-01..2025-12-31" },
        { "last month", Kst(2026, 1, 15), "Period:2025-12-01..2025-12-31" },
        { "다음 달", Kst(2025, 12, 15), "Period:2026-01-01..2026-01-31" },
        { "작년", Kst(2026, 1, 1, 0, 5), "Period:2025-01-01..2025-12-31" },
        { "지난주", Kst(2026, 1, 1), "Period:2025-12-22..2025-12-28" },
        { "12월", Kst(2026, 1, 5), "Period:2025-12-01..2025-12-31" },
        { "12월 28일", Kst(2026, 1, 5), "Date:2025-12-28" },
        { "1월 3일", Kst(2025, 12, 30), "Date:2026-01-03" },
        { "어제", Kst(2026, 1, 1, 9, 0), "Date:2025-12-31" },
        // leap years and month ends
        { "최근 7일", Kst(2024, 3, 2), "Period:2024-02-25..2024-03-02" },
        { "지난달", Kst(2024, 3, 31), "Period:2024-02-01..2024-02-29" },
        { "2월 29일", Kst(2024, 3, 2), "Date:2024-02-29" },
        // a Sunday belongs to the week that started the Monday before
        { "이번 주", Kst(2026, 3, 8, 22, 0), "Period:2026-03-02..2026-03-08" },
    };

    private static DateTimeOffset Kst(int year, int month, int day, int hour = 10, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(9));

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(ClockCases))]
    public void Resolves_relative_dates_in_the_shop_time_zone(string text, DateTimeOffset now, string expected) =>
        Assert.Equal(expected, Extract(text, now));

    [Fact]
    public void Uses_the_context_time_zone_not_the_offset_of_now()
    {
        // 10:00 KST on 2 March is still 1 March in New York.
        var context = new ExtractionContext(Now, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), []);
        Assert.Equal("Date:2026-03-01", Render(Extractor.Extract("today", context)));
    }

    [Fact]
    public void A_cafe24_order_number_is_one_entity_and_never_a_date_or_phone()
    {
        Entity entity = Assert.Single(Extractor.Extract("20260101-0101234", Context()));
        Assert.Equal(EntityKind.OrderNumber, entity.Kind);
    }

    [Fact]
    public void Catalogue_changes_are_seen_when_a_new_list_is_passed()
    {
        var extractor = new EntityExtractor();
        Assert.Equal("", Render(extractor.Extract("보온병 문의", new ExtractionContext(Now, Seoul, ["텀블러"]))));
        Assert.Equal("Product:보온병", Render(extractor.Extract("보온병 문의", new ExtractionContext(Now, Seoul, ["텀블러", "보온병"]))));
    }

    [Fact]
    public void Matches_a_large_catalogue_in_a_long_text_quickly()
    {
        string[] catalogue = [.. Enumerable.Range(0, 3000).Select(static i => $"상품 {i:D4} 모델"), "무선청소기"];
        var context = new ExtractionContext(Now, Seoul, catalogue);
        string text = string.Concat(Enumerable.Repeat("상품0042모델이랑 무선 청소기 주문했어요. ", 2000));

        var stopwatch = Stopwatch.StartNew();
        IReadOnlyList<Entity> entities = Extractor.Extract(text, context);
        stopwatch.Stop();

        Assert.Equal(4000, entities.Count(static e => e.Kind == EntityKind.Product));
        Assert.Contains(entities, static e => e.Value == "상품 0042 모델");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Pathological_inputs_finish_quickly()
    {
        string[] inputs =
        [
            new string('1', 100_000),
            string.Concat(Enumerable.Repeat("1-", 50_000)),
            string.Concat(Enumerable.Repeat("1,", 50_000)) + "원",
            string.Concat(Enumerable.Repeat("a.", 50_000)) + "@",
            string.Concat(Enumerable.Repeat("2026-01-01~", 10_000)),
            string.Concat(Enumerable.Repeat("지난 ", 30_000)),
            string.Concat(Enumerable.Repeat("3 ", 50_000)) + "March",
        ];

        var stopwatch = Stopwatch.StartNew();
        foreach (string input in inputs)
        {
            Extractor.Extract(input, Context());
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Random_text_never_throws_and_spans_match_the_text()
    {
        const string Alphabet = "0123456789-.,~/:$₩@+() 원만천주문번호송장택배월일년전오늘어제지난최근이번작년개요abcdeyJMmayOrdtkKRWUSD\t\n";
        var random = new Random(20260302);
        var builder = new StringBuilder();
        for (int i = 0; i < 3000; i++)
        {
            builder.Clear();
            int length = random.Next(0, 120);
            for (int j = 0; j < length; j++)
            {
                builder.Append(random.Next(10) switch
                {
                    0 => (char)random.Next(0, 0x10000), // any UTF-16 unit, lone surrogates included
                    _ => Alphabet[random.Next(Alphabet.Length)],
                });
            }

            string text = builder.ToString();
            IReadOnlyList<Entity> entities = Extractor.Extract(text, Context());
            int end = 0;
            foreach (Entity entity in entities)
            {
                Assert.True(entity.Start >= end, $"overlap in \"{text}\"");
                Assert.Equal(text.Substring(entity.Start, entity.Length), entity.Text);
                end = entity.Start + entity.Length;
            }

            Assert.Equal(Render(entities), Render(Extractor.Extract(text, Context())));
        }
    }

    [Fact]
    public void Extreme_clocks_do_not_throw()
    {
        const string Text = "어제 지난주 작년 12월 최근 9999일 3일 전 last year 2026-01-01 Jan 5 2026년";
        foreach (DateTimeOffset now in new[] { DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new(9998, 12, 31, 0, 0, 0, TimeSpan.Zero) })
        {
            _ = Extractor.Extract(Text, Context(now));
        }
    }
}
