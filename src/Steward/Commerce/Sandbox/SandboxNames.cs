namespace Steward.Commerce.Sandbox;

/// <summary>
/// Korean names, addresses, e-mails and the catalogue the sandbox shop is generated from. Everything is drawn from the
/// caller's <see cref="Random"/>, so one seed always gives the same shop.
/// </summary>
internal static class SandboxNames
{
    private static readonly string[] FamilyNames =
        ["김", "김", "김", "이", "이", "이", "박", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "류", "홍"];

    private static readonly string[] GivenFirst =
        ["민", "서", "지", "하", "도", "예", "수", "현", "준", "유", "은", "채", "시", "주", "태", "승", "영", "혜", "동", "소"];

    private static readonly string[] GivenSecond =
        ["준", "윤", "우", "원", "호", "연", "아", "진", "빈", "서", "민", "희", "영", "경", "린", "율", "훈", "성", "현", "은"];

    private static readonly string[] MailWords =
        ["sky", "blue", "happy", "sun", "moon", "star", "tree", "river", "cloud", "mint", "coffee", "latte", "ocean", "daily", "cookie", "panda"];

    private static readonly string[] MailDomains = ["naver.com", "gmail.com", "daum.net", "kakao.com", "hanmail.net", "nate.com"];

    private static readonly (string City, string District, string[] Dongs, string[] Roads)[] Regions =
    [
        ("서울특별시", "강남구", ["역삼동", "삼성동", "대치동"], ["테헤란로", "봉은사로", "선릉로"]),
        ("서울특별시", "마포구", ["서교동", "합정동", "망원동"], ["월드컵로", "양화로", "독막로"]),
        ("서울특별시", "송파구", ["잠실동", "문정동", "가락동"], ["올림픽로", "송파대로", "백제고분로"]),
        ("서울특별시", "노원구", ["상계동", "중계동", "하계동"], ["동일로", "노원로", "한글비석로"]),
        ("부산광역시", "해운대구", ["우동", "중동", "좌동"], ["해운대로", "센텀중앙로", "달맞이길"]),
        ("부산광역시", "부산진구", ["부전동", "전포동", "양정동"], ["중앙대로", "서면로", "동평로"]),
        ("대구광역시", "수성구", ["범어동", "만촌동", "황금동"], ["달구벌대로", "동대구로", "범안로"]),
        ("인천광역시", "연수구", ["송도동", "연수동", "옥련동"], ["컨벤시아대로", "센트럴로", "먼우금로"]),
        ("광주광역시", "서구", ["치평동", "화정동", "풍암동"], ["상무중앙로", "화운로", "금화로"]),
        ("대전광역시", "유성구", ["봉명동", "도룡동", "관평동"], ["대학로", "유성대로", "테크노중앙로"]),
        ("경기도 성남시", "분당구", ["정자동", "서현동", "판교동"], ["판교역로", "불정로", "황새울로"]),
        ("경기도 수원시", "영통구", ["매탄동", "원천동", "영통동"], ["삼성로", "봉영로", "센트럴타운로"]),
        ("경기도 고양시", "일산동구", ["장항동", "마두동", "백석동"], ["중앙로", "정발산로", "호수로"]),
        ("제주특별자치도 제주시", "제주시", ["연동", "노형동", "이도동"], ["연삼로", "노연로", "중앙로"]),
    ];

    public static readonly string[] Carriers = ["CJ대한통운", "한진택배", "롯데택배", "우체국택배", "로젠택배"];

    public static readonly string[] Hubs = ["곤지암 Hub", "대전 HUB", "옥천 HUB", "청원 HUB", "군포 터미널", "부산 신항 터미널"];

    public static readonly string[] Suppliers = ["스튜어드리빙", "한빛상사", "누리무역", "(주)다온", "바른생활", "코리아홈"];

    /// <summary>The categories, in the order their products are numbered; each lists the names the demo knowledge base
    /// relies on first, then base names to complete.</summary>
    public static readonly (string Category, string[] Fixed, string[] Bases, string[] Codes, int MinPrice, int MaxPrice)[] Catalogue =
    [
        ("주방가전", ["에어프라이어 AF-500"], ["전기포트", "커피머신", "믹서기", "전기밥솥", "토스터", "핸드블렌더", "전자레인지", "식기세척기", "인덕션", "와플메이커"], ["KT", "CM", "BL", "RC", "TS", "HB", "MW", "DW", "IH", "WM"], 29, 399),
        ("생활가전", ["무선청소기 VC-20"], ["가습기", "제습기", "공기청정기", "선풍기", "전기히터", "스팀다리미", "헤어드라이어", "로봇청소기", "전기요", "음식물처리기"], ["HM", "DH", "AP", "FN", "EH", "SI", "HD", "RV", "EB", "FW"], 29, 499),
        ("의류", ["린넨 셔츠"], ["코튼 티셔츠", "데님 팬츠", "니트 가디건", "후드 집업", "와이드 슬랙스", "경량 패딩", "트렌치 코트", "맨투맨", "조거 팬츠", "옥스포드 셔츠"], ["베이직", "오버핏", "세미오버핏", "슬림핏", "데일리", "프리미엄"], 15, 129),
        ("유아용품", [], ["아기 물티슈 100매", "유아 식판", "턱받이 세트", "아기 로션", "유아 칫솔", "젖병 세정제", "휴대용 유모차 선풍기", "아기 손톱깎이", "유아 내복", "아기 욕조"], ["순한", "유기농", "말랑", "꼬모", "베베", "포근"], 8, 69),
        ("주방용품", [], ["스테인리스 냄비", "논스틱 프라이팬", "실리콘 주걱", "유리 밀폐용기", "도마", "칼 세트", "수저 세트", "텀블러", "머그컵", "계량컵"], ["셰프", "데일리", "프로", "클래식", "미니", "모던"], 6, 99),
    ];

    public const int ProductsPerCategory = 20;

    public static string Name(Random random) =>
        Pick(random, FamilyNames) + Pick(random, GivenFirst) + Pick(random, GivenSecond);

    /// <summary>010-XXXX-XXXX, never one already in <paramref name="taken"/>.</summary>
    public static string Phone(Random random, HashSet<string> taken)
    {
        while (true)
        {
            var phone = $"010-{random.Next(2000, 10000):D4}-{random.Next(0, 10000):D4}";
            if (taken.Add(phone))
            {
                return phone;
            }
        }
    }

    public static string Email(Random random) =>
        $"{Pick(random, MailWords)}{Pick(random, MailWords)}{random.Next(1, 1000)}@{Pick(random, MailDomains)}";

    /// <summary>A road-name address with the dong and an apartment unit, e.g. "서울특별시 마포구 양화로 45 (서교동) 102동 1203호".</summary>
    public static string Address(Random random)
    {
        var (city, district, dongs, roads) = Regions[random.Next(Regions.Length)];
        var cityAndDistrict = city.EndsWith(district, StringComparison.Ordinal) ? city : $"{city} {district}";
        return $"{cityAndDistrict} {Pick(random, roads)} {random.Next(1, 300)} ({Pick(random, dongs)}) {random.Next(101, 120)}동 {random.Next(1, 25)}{random.Next(1, 5):D2}호";
    }

    /// <summary>The delivery branch for an address: its district, as carriers name their last-mile offices.</summary>
    public static string BranchOf(string address)
    {
        var parts = address.Split(' ');
        return parts.Length > 1 ? $"{parts[1]} 대리점" : "배송 대리점";
    }

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
