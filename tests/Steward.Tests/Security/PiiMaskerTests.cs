using Steward.Security;

namespace Steward.Tests.Security;

public class PiiMaskerTests
{
    public static TheoryData<string, string> MaskedCases => new()
    {
        // e-mail
        { "kim@example.com", "[EMAIL]" },
        { "문의: hong.gildong+shop@naver.com 으로", "문의: [EMAIL] 으로" },
        { "담당자kim.cs@corp.co.kr에게 전달", "담당자[EMAIL]에게 전달" },
        { "Contact: a_b-c@mail-server.example.org.", "Contact: [EMAIL]." },
        { "user123@gmail.com", "[EMAIL]" },
        { "emp12345@corp.com", "[EMAIL]" },

        // Korean mobile
        { "010-1234-5678", "[PHONE]" },
        { "010 1234 5678", "[PHONE]" },
        { "010.1234.5678", "[PHONE]" },
        { "01012345678", "[PHONE]" },
        { "011-123-4567", "[PHONE]" },
        { "016-123-4567", "[PHONE]" },
        { "017-1234-5678", "[PHONE]" },
        { "018 123 4567", "[PHONE]" },
        { "0191234567", "[PHONE]" },
        { "연락처010-1234-5678로 연락주세요", "연락처[PHONE]로 연락주세요" },
        { "tel:01098765432", "tel:[PHONE]" },
        { "+82 10-1234-5678", "[PHONE]" },
        { "+82-10-1234-5678", "[PHONE]" },
        { "+821012345678", "[PHONE]" },
        { "(+82) 10 1234 5678", "[PHONE]" },
        { "휴대폰(+82)10-1234-5678", "휴대폰[PHONE]" },

        // Korean landline, internet phone, representative and safe numbers
        { "02-123-4567", "[PHONE]" },
        { "02-1234-5678", "[PHONE]" },
        { "02 1234 5678", "[PHONE]" },
        { "031-123-4567", "[PHONE]" },
        { "051-1234-5678", "[PHONE]" },
        { "064-712-3456", "[PHONE]" },
        { "070-1234-5678", "[PHONE]" },
        { "(02) 123-4567", "[PHONE]" },
        { "본사(031)123-4567", "본사[PHONE]" },
        { "1588-1234", "[PHONE]" },
        { "고객센터1644-5678로 문의", "고객센터[PHONE]로 문의" },
        { "1899-5678", "[PHONE]" },
        { "0505-123-4567", "[PHONE]" },

        // international
        { "+1 415-555-0132", "[PHONE]" },
        { "+44 20 7946 0958", "[PHONE]" },
        { "+81-3-1234-5678", "[PHONE]" },
        { "London office: +442079460958.", "London office: [PHONE]." },

        // resident registration number
        { "900101-1234567", "[RRN]" },
        { "9001011234567", "[RRN]" },
        { "900101 2234567", "[RRN]" },
        { "주민번호900101-1234567입니다", "주민번호[RRN]입니다" },
        { "010101-3234567", "[RRN]" },
        { "851231-5123456", "[RRN]" },

        // card (Luhn-valid, real scheme and length)
        { "4111 1111 1111 1111", "[CARD]" },
        { "4111-1111-1111-1111", "[CARD]" },
        { "4012888888881881", "[CARD]" },
        { "4222222222222", "[CARD]" },
        { "4111111111111111110", "[CARD]" },
        { "378282246310005", "[CARD]" },
        { "3782 822463 10005", "[CARD]" },
        { "5555555555554444", "[CARD]" },
        { "5105-1051-0510-5100", "[CARD]" },
        { "2221000000000009", "[CARD]" },
        { "6011111111111117", "[CARD]" },
        { "30569309025904", "[CARD]" },
        { "3530111333300000", "[CARD]" },
        { "6212345678901232", "[CARD]" },
        { "9410-1234-5678-9010", "[CARD]" },
        { "카드번호4111-1111-1111-1111로 결제", "카드번호[CARD]로 결제" },
        { "4111 1111 1111 1111 123", "[CARD] 123" },

        // employee id (default pattern)
        { "EMP-12345", "[EMPLOYEE_ID]" },
        { "emp12345", "[EMPLOYEE_ID]" },
        { "사번 123456", "사번 [EMPLOYEE_ID]" },
        { "사번: A123456", "사번: [EMPLOYEE_ID]" },
        { "사번123456 직원", "사번[EMPLOYEE_ID] 직원" },
        { "담당자 EMP_A1234님", "담당자 [EMPLOYEE_ID]님" },
        { "사원번호: 20230042", "사원번호: [EMPLOYEE_ID]" },

        // several items, mixed with numbers that must stay
        { "홍길동(010-1234-5678, hong@example.com) 주민번호 900101-1234567", "홍길동([PHONE], [EMAIL]) 주민번호 [RRN]" },
        { "주문자kim@shop.kr 연락처01012345678 카드4111111111111111", "주문자[EMAIL] 연락처[PHONE] 카드[CARD]" },
        { "사번 123456 직원이 02-123-4567로 전화", "사번 [EMPLOYEE_ID] 직원이 [PHONE]로 전화" },
        { "주문번호 20240101-0000123, 연락처 010-1234-5678, 금액 15,000원", "주문번호 20240101-0000123, 연락처 [PHONE], 금액 15,000원" },
        {
            "2026-01-01 09:00:00 INFO user=kim@example.com phone=010-1234-5678 card=4111111111111111",
            "2026-01-01 09:00:00 INFO user=[EMAIL] phone=[PHONE] card=[CARD]"
        },
        { "CJ 640012345678 / 카드 5555-5555-5555-4444", "CJ 640012345678 / 카드 [CARD]" },
        { "2345 6789 0123 4567 010 1234 5678", "2345 6789 0123 4567 [PHONE]" },
    };

    public static TheoryData<string> UnchangedCases => new()
    {
        "",
        "hello world",
        "주문이 정상 처리되었습니다",
        "전화 주세요",

        // order, tracking and other ids
        "주문번호20240101-0000123입니다",
        "20240101-0000123",
        "Cafe24 주문 20240315-0001234 결제완료",
        "3000012345678",
        "쿠팡 주문번호 3000012345678 배송시작",
        "CJ대한통운 640012345678",
        "우체국 6012345678901",
        "한진 5080123456",
        "한진택배 508012345678",
        "010123456789",
        "송장번호010123456789입니다",
        "1Z999AA10123456784",
        "SKU-2024-0001",

        // dates, times, versions, amounts, quantities
        "2026-01-01",
        "2026.01.01",
        "2026-01-01T09:00:00+09:00",
        "2024-01-01 12:34:56.789",
        "09:00",
        "v2.1.0",
        "2026년",
        "15,000원",
        "₩1,234,567",
        "39900",
        "가격39900원",
        "수량 3개",
        "06236",
        "elapsed=1234ms count=42",
        "1735689600",
        "1735689600000",
        "10.0.0.1",

        // card-shaped but not a card
        "4111 1111 1111 1112",
        "1234567812345670",
        "411111111111116",
        "41111111111111119",
        "2345678901234567",

        // RRN-shaped but impossible
        "901301-1234567",
        "900132-1234567",
        "900101-9234567",
        "900101-0234567",
        "900101-123456",

        // phone-shaped but not a phone
        "012-345-6789",
        "010-1234-567",
        "1234-5678",
        "15881234",
        "1588 1234",
        "1588-12345",
        "+1234567",

        // e-mail and employee id look-alikes
        "user@localhost",
        "@everyone 공지",
        "TEMP-12345",
        "EMP-123",
    };

    [Theory]
    [MemberData(nameof(MaskedCases))]
    public void Masks_pii(string input, string expected)
    {
        Assert.Equal(expected, PiiMasker.Default.Mask(input));
    }

    [Theory]
    [MemberData(nameof(UnchangedCases))]
    public void Leaves_text_without_pii_untouched(string input)
    {
        string result = PiiMasker.Default.Mask(input);

        Assert.Equal(input, result);
        Assert.Same(input, result);
    }

    [Fact]
    public void Text_without_digits_or_at_sign_is_returned_as_is()
    {
        string input = string.Concat("로그인 ", "성공: 관리자 계정");

        Assert.Same(input, PiiMasker.Default.Mask(input));
    }

    [Fact]
    public void Text_without_pii_does_not_allocate()
    {
        string[] inputs =
        [
            "로그인 성공: 관리자 계정",
            "2026-01-01 09:00:00 INFO 주문번호 20240101-0000123 처리 완료 (39900원, 수량 3개)",
            "쿠팡 주문번호 3000012345678, CJ대한통운 640012345678, 우체국 6012345678901",
            "카드 4111 1111 1111 1112 승인 거절, 송장번호010123456789",
            "ssh git@localhost, 사번 미등록, EMP-1, 주민번호 900101-0234567",
        ];
        foreach (string input in inputs)
        {
            PiiMasker.Default.Mask(input);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            foreach (string input in inputs)
            {
                PiiMasker.Default.Mask(input);
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Null_becomes_empty()
    {
        Assert.Equal(string.Empty, PiiMasker.Default.Mask(null));
    }

    [Fact]
    public void Custom_employee_id_pattern_replaces_the_default()
    {
        var masker = new PiiMasker(new PiiMaskingOptions { EmployeeIdPattern = @"(?<![A-Z0-9])ST-[0-9]{6}(?![0-9])" });

        Assert.Equal(
            "담당 [EMPLOYEE_ID] / EMP-12345 / [PHONE]",
            masker.Mask("담당 ST-123456 / EMP-12345 / 010-1234-5678"));
    }

    [Fact]
    public void Custom_employee_id_pattern_with_an_id_group_masks_only_the_group()
    {
        var masker = new PiiMasker(new PiiMaskingOptions { EmployeeIdPattern = @"(?i)staff[ _]no[=:](?<id>[0-9]{5})\b|\bS[0-9]{7}\b" });

        Assert.Equal(
            "staff_no=[EMPLOYEE_ID], STAFF NO:[EMPLOYEE_ID], [EMPLOYEE_ID]",
            masker.Mask("staff_no=12345, STAFF NO:54321, S1234567"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_employee_id_pattern_disables_employee_masking(string pattern)
    {
        var masker = new PiiMasker(new PiiMaskingOptions { EmployeeIdPattern = pattern });

        Assert.Equal(
            "EMP-12345 사번 123456 [PHONE]",
            masker.Mask("EMP-12345 사번 123456 010-1234-5678"));
        Assert.Equal("[EMPLOYEE_ID]", PiiMasker.Default.Mask("EMP-12345"));
    }

    [Fact]
    public void Default_options_use_the_default_employee_id_pattern()
    {
        Assert.Equal(PiiMaskingOptions.DefaultEmployeeIdPattern, new PiiMaskingOptions().EmployeeIdPattern);
        Assert.Equal("Steward:Pii", PiiMaskingOptions.Section);
    }

    [Fact]
    public void Invalid_employee_id_pattern_is_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => new PiiMasker(new PiiMaskingOptions { EmployeeIdPattern = "EMP-[0-9" }));

        Assert.Contains("Steward:Pii:EmployeeIdPattern", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_length_employee_id_matches_are_ignored()
    {
        var masker = new PiiMasker(new PiiMaskingOptions { EmployeeIdPattern = "x*" });
        string input = "주문 123 처리";

        Assert.Same(input, masker.Mask(input));
    }

    [Fact]
    public void Employee_id_pattern_timeout_fails_closed()
    {
        var masker = new PiiMasker(new PiiMaskingOptions { EmployeeIdPattern = "^(a|aa)+$" });

        Assert.Equal("[REDACTED]", masker.Mask(new string('a', 60) + "1 010-1234-5678"));
    }
}
