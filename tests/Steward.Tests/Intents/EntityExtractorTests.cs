using Steward.Intents;
using static Steward.Tests.Intents.EntityTestSupport;

namespace Steward.Tests.Intents;

public class EntityExtractorTests
{
    public static TheoryData<string, string> NumberCases => new()
    {
        // Cafe24 order numbers, also glued to Korean words
        { "주문번호 20240101-0000123 확인 부탁드려요", "OrderNumber:20240101-0000123" },
        { "주문번호20240101-0000123이요", "OrderNumber:20240101-0000123" },
        { "20251231-1234567", "OrderNumber:20251231-1234567" },

        // Coupang order ids need an order cue, before or after
        { "쿠팡 주문번호 1234567890123 입니다", "OrderNumber:1234567890123" },
        { "order #1234567890123456", "OrderNumber:1234567890123456" },
        { "Order ID: 2100012345678", "OrderNumber:2100012345678" },
        { "1234567890123 주문 취소해 주세요", "OrderNumber:1234567890123" },

        // tracking numbers: a shipping cue, or 12 digits without an order cue
        { "송장번호 612345678901 조회가 안돼요", "TrackingNumber:612345678901" },
        { "612345678901", "TrackingNumber:612345678901" },
        { "CJ 6123-4567-8901", "TrackingNumber:612345678901" },
        { "한진택배 1234567890", "TrackingNumber:1234567890" },
        { "운송장12345678901234로 조회", "TrackingNumber:12345678901234" },
        { "tracking no. 5012345678901", "TrackingNumber:5012345678901" },
        { "주문했는데 택배 송장 1234567890123 맞나요", "TrackingNumber:1234567890123" },

        // phones
        { "010-1234-5678", "Phone:01012345678" },
        { "01012345678", "Phone:01012345678" },
        { "+82 10-1234-5678", "Phone:01012345678" },
        { "+82 10 1234 5678", "Phone:01012345678" },
        { "+821012345678", "Phone:01012345678" },
        { "02-123-4567", "Phone:021234567" },
        { "031-123-4567", "Phone:0311234567" },
        { "(02) 1234-5678", "Phone:0212345678" },
        { "+82 (0)2 1234 5678", "Phone:0212345678" },
        { "1588-1234", "Phone:15881234" },
        { "연락처010-1234-5678로 연락주세요", "Phone:01012345678" },
        { "택배 기사님 번호 010-9876-5432", "Phone:01098765432" },

        // e-mail
        { "Kim.CS@Example.COM", "Email:kim.cs@example.com" },
        { "담당자kim@naver.com에게 보내주세요", "Email:kim@naver.com" },
        { "user010@gmail.com", "Email:user010@gmail.com" },
    };

    public static TheoryData<string, string> AmountCases => new()
    {
        { "39,000원", "Amount:39000" },
        { "39000원 결제했어요", "Amount:39000" },
        { "39,000 원", "Amount:39000" },
        { "3만원", "Amount:30000" },
        { "3만 5천원", "Amount:35000" },
        { "3만5000원", "Amount:35000" },
        { "1.5만원", "Amount:15000" },
        { "10만원이요", "Amount:100000" },
        { "5천원 할인", "Amount:5000" },
        { "₩39,000", "Amount:39000" },
        { "KRW 39,000", "Amount:39000" },
        { "$12.50", "Amount:12.50 USD" },
        { "$1,200", "Amount:1200 USD" },
        { "12 dollars", "Amount:12 USD" },
        { "20달러", "Amount:20 USD" },
    };

    public static TheoryData<string, string> KoreanDateCases => new()
    {
        { "오늘", "Date:2026-03-02" },
        { "어제 주문했어요", "Date:2026-03-01" },
        { "그제", "Date:2026-02-28" },
        { "그저께 받았어요", "Date:2026-02-28" },
        { "내일", "Date:2026-03-03" },
        { "모레까지", "Date:2026-03-04" },
        { "내일모레", "Date:2026-03-04" },
        { "이달 주문", "Period:2026-03-01..2026-03-31" },
        { "재작년 10월", "Period:2024-10-01..2024-10-31" },
        { "이번 주", "Period:2026-03-02..2026-03-08" },
        { "이번주에 받을 수 있나요", "Period:2026-03-02..2026-03-08" },
        { "지난주", "Period:2026-02-23..2026-03-01" },
        { "다음 주", "Period:2026-03-09..2026-03-15" },
        { "이번 달", "Period:2026-03-01..2026-03-31" },
        { "지난달", "Period:2026-02-01..2026-02-28" },
        { "저번달 주문", "Period:2026-02-01..2026-02-28" },
        { "올해", "Period:2026-01-01..2026-12-31" },
        { "작년", "Period:2025-01-01..2025-12-31" },
        { "1월", "Period:2026-01-01..2026-01-31" },
        { "4월에 산 거", "Period:2025-04-01..2025-04-30" },
        { "작년 12월", "Period:2025-12-01..2025-12-31" },
        { "3월 5일", "Date:2026-03-05" },
        { "2월 14일에", "Date:2026-02-14" },
        { "2026년 1월", "Period:2026-01-01..2026-01-31" },
        { "2025년 12월 25일", "Date:2025-12-25" },
        { "2025년", "Period:2025-01-01..2025-12-31" },
        { "최근 7일", "Period:2026-02-24..2026-03-02" },
        { "지난 7일", "Period:2026-02-24..2026-03-02" },
        { "최근 일주일", "Period:2026-02-24..2026-03-02" },
        { "최근 3개월", "Period:2025-12-03..2026-03-02" },
        { "3일 전", "Date:2026-02-27" },
        { "2주 전에", "Date:2026-02-16" },
    };

    public static TheoryData<string, string> EnglishAndNumericDateCases => new()
    {
        { "today", "Date:2026-03-02" },
        { "Yesterday", "Date:2026-03-01" },
        { "tomorrow", "Date:2026-03-03" },
        { "this week", "Period:2026-03-02..2026-03-08" },
        { "last week", "Period:2026-02-23..2026-03-01" },
        { "this month", "Period:2026-03-01..2026-03-31" },
        { "last month", "Period:2026-02-01..2026-02-28" },
        { "this year", "Period:2026-01-01..2026-12-31" },
        { "last year", "Period:2025-01-01..2025-12-31" },
        { "January", "Period:2026-01-01..2026-01-31" },
        { "in December", "Period:2025-12-01..2025-12-31" },
        { "Jan 2026", "Period:2026-01-01..2026-01-31" },
        { "March 5", "Date:2026-03-05" },
        { "5 March 2025", "Date:2025-03-05" },
        { "May 1st", "Date:2026-05-01" },
        { "last 7 days", "Period:2026-02-24..2026-03-02" },
        { "3 days ago", "Date:2026-02-27" },
        { "2 weeks ago", "Date:2026-02-16" },
        { "past 3 months", "Period:2025-12-03..2026-03-02" },
        { "the day before yesterday", "Date:2026-02-28" },
        { "next week", "Period:2026-03-09..2026-03-15" },
        { "yesterday에 주문", "Date:2026-03-01" },
        { "2026-01-01", "Date:2026-01-01" },
        { "2026.1.5", "Date:2026-01-05" },
        { "2026-01-01~2026-01-31", "Period:2026-01-01..2026-01-31" },
        { "2026-01-01 ~ 2026-01-31", "Period:2026-01-01..2026-01-31" },
        { "2026-01-01 to 2026-01-31", "Period:2026-01-01..2026-01-31" },
        { "2026.01.01-2026.01.31", "Period:2026-01-01..2026-01-31" },
        { "2026-01-01부터 2026-01-31까지", "Period:2026-01-01..2026-01-31" },
    };

    public static TheoryData<string, string> ProductCases => new()
    {
        { "무선 청소기 필터 교체하고 싶어요", "Product:무선청소기 필터" },
        { "무선 청소기 언제 와요", "Product:무선청소기" },
        { "무선청소기가 고장났어요", "Product:무선청소기" },
        { "my air purifier broke", "Product:Air Purifier" },
        { "AIRPURIFIER", "Product:Air Purifier" },
        { "Pen 2개요", "Product:Pen" },
        { "유기농녹차100g 재입고", "Product:유기농 녹차 100g" },
        { "아이폰15케이스", "Product:아이폰 15 케이스" },
    };

    public static TheoryData<string, string> MixedCases => new()
    {
        {
            "주문번호 20240101-0000123 건으로 3월 5일에 39,000원 결제했는데 연락처는 010-1234-5678입니다",
            "OrderNumber:20240101-0000123 | Date:2026-03-05 | Amount:39000 | Phone:01012345678"
        },
        {
            "어제 주문한 무선청소기 송장번호 612345678901 확인 부탁해요",
            "Date:2026-03-01 | Product:무선청소기 | TrackingNumber:612345678901"
        },
        {
            "Order 1234567890123 placed last week for $12.50, mail me at Kim@Shop.kr",
            "OrderNumber:1234567890123 | Period:2026-02-23..2026-03-01 | Amount:12.50 USD | Email:kim@shop.kr"
        },
        { "2026-01-01~2026-01-31 주문내역 3만원 이상", "Period:2026-01-01..2026-01-31 | Amount:30000" },
        { "지난달 Pen 2개, 이번 주 air purifier", "Period:2026-02-01..2026-02-28 | Product:Pen | Period:2026-03-02..2026-03-08 | Product:Air Purifier" },
    };

    public static TheoryData<string> NegativeCases => new()
    {
        "",
        "   ",
        "안녕하세요 문의드립니다",
        "39000",                        // a price without a unit
        "가격은 39,000 이에요",
        "버전 1.2.3 업데이트",
        "v2.10.1",
        "1234567890123456",             // long number, no order cue
        "1234567890123",
        "주문번호 612345678901",         // 12 digits next to an order cue: neither order nor tracking
        "20241301-0000123",             // month 13: not a Cafe24 number
        "20240101",                     // compact dates are not read (they start order numbers)
        "3개월 사용했어요",
        "월요일에 보내주세요",
        "그제서야 알았어요",
        "지난주문 내역 보여줘",
        "다음 주소로 보내주세요",
        "I may come by",
        "march on",
        "Open the box",                 // "Pen" inside a word
        "0212345678",                   // an unseparated landline is too ambiguous
        "13월 5일",
        "2026-02-30",
        "2026-01-31~2026-01-01",        // reversed range
        "user@localhost",
    };

    [Theory]
    [MemberData(nameof(NumberCases))]
    [MemberData(nameof(AmountCases))]
    [MemberData(nameof(KoreanDateCases))]
    [MemberData(nameof(EnglishAndNumericDateCases))]
    [MemberData(nameof(ProductCases))]
    [MemberData(nameof(MixedCases))]
    public void Extracts_entities_with_normalised_values(string text, string expected) =>
        Assert.Equal(expected, Extract(text));

    [Theory]
    [MemberData(nameof(NegativeCases))]
    public void Finds_nothing_where_there_is_nothing(string text) => Assert.Equal("", Extract(text));

    [Theory]
    [InlineData("주문번호20240101-0000123이요", EntityKind.OrderNumber, 4, 16)]
    [InlineData("연락처010-1234-5678로 연락주세요", EntityKind.Phone, 3, 13)]
    [InlineData("어제요", EntityKind.Date, 0, 2)]
    [InlineData("작년 12월에 산 거", EntityKind.Period, 0, 6)]
    [InlineData("총 3만 5천원 냈어요", EntityKind.Amount, 2, 6)]
    [InlineData("무선 청소기 언제 와요", EntityKind.Product, 0, 6)]
    [InlineData("CJ 6123-4567-8901", EntityKind.TrackingNumber, 3, 14)]
    [InlineData("메일 Kim@Example.com 로", EntityKind.Email, 3, 15)]
    [InlineData("기간 2026-01-01 ~ 2026-01-31 사이", EntityKind.Period, 3, 23)]
    public void Reports_the_span_as_written(string text, EntityKind kind, int start, int length)
    {
        Entity entity = Assert.Single(Extractor.Extract(text, Context()));
        Assert.Equal((kind, start, length), (entity.Kind, entity.Start, entity.Length));
        Assert.Equal(text.Substring(start, length), entity.Text);
    }
}
