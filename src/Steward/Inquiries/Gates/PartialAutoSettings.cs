using System.ComponentModel.DataAnnotations;

namespace Steward.Inquiries.Gates;

/// <summary>
/// The partial-auto gates' settings (seed 000). The seed's environment names set the defaults for every org
/// (<c>ENABLE_CS_PARTIAL_AUTO</c>, <c>CS_TEST_MODE</c>, <c>CS_TEST_MODE_ALLOWED_ACCOUNTS</c>, <c>CS_TEST_MODE_ALLOWED_MARKETS</c>,
/// <c>CS_ALLOWED_INTENTS</c>, <c>CS_DAILY_QUOTA_PER_ACCOUNT</c>); an admin can override them per org at run time. The
/// defaults are the safe ones: partial auto off, test mode on.
/// </summary>
public sealed class PartialAutoSettings
{
    public const string Section = "Steward:PartialAuto";

    public bool Enabled { get; set; }

    public bool TestMode { get; set; } = true;

    /// <summary>Seller accounts that may send. In test mode an empty list blocks everything; otherwise empty = all.</summary>
    public List<string> AllowedAccounts { get; set; } = [];

    /// <summary>Market codes that may send (COUPANG, SMARTSTORE, CAFE24, …). Same rule as the accounts.</summary>
    public List<string> AllowedMarkets { get; set; } = [];

    /// <summary>Intents that may be answered automatically; empty = all.</summary>
    public List<string> AllowedIntents { get; set; } = [];

    /// <summary>Words that route an inquiry to a person at once (and trip the guardian), on top of the built-in ones.</summary>
    public List<string> EscalationKeywords { get; set; } = [];

    [RegularExpression(@"^([01]\d|2[0-3]):[0-5]\d$")]
    public string BusinessHoursStart { get; set; } = "09:00";

    [RegularExpression(@"^([01]\d|2[0-4]):[0-5]\d$")]
    public string BusinessHoursEnd { get; set; } = "18:00";

    /// <summary>Days when automatic replies may go out.</summary>
    public List<DayOfWeek> BusinessDays { get; set; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    [Range(0.0, 1.0)]
    public double MinConfidence { get; set; } = 0.7;

    [Range(0, 100_000)]
    public int DailyQuotaPerAccount { get; set; } = 10;

    /// <summary>The words of seed 000's rollback table, always on.</summary>
    public static readonly IReadOnlyList<string> BuiltInEscalationKeywords = ["법적", "소비자원", "클레임"];

    public PartialAutoSettings Copy() => new()
    {
        Enabled = Enabled, TestMode = TestMode, AllowedAccounts = [.. AllowedAccounts], AllowedMarkets = [.. AllowedMarkets],
        AllowedIntents = [.. AllowedIntents], EscalationKeywords = [.. EscalationKeywords], BusinessHoursStart = BusinessHoursStart,
        BusinessHoursEnd = BusinessHoursEnd, BusinessDays = [.. BusinessDays], MinConfidence = MinConfidence, DailyQuotaPerAccount = DailyQuotaPerAccount,
    };

    /// <summary>
    /// Seed 000's staged unlock: 1 = test mode, nothing sends (only 배송문의 and 사용법 would be candidates); 2 = one account
    /// of one market sends those two intents, 10 a day; 3 = every account, market and intent, 100 a day.
    /// </summary>
    public static PartialAutoSettings Preset(int phase, IReadOnlyList<string> accounts, IReadOnlyList<string> markets) => phase switch
    {
        1 => new() { Enabled = true, TestMode = true, AllowedIntents = ["배송문의", "사용법"], DailyQuotaPerAccount = 10 },
        2 => new()
        {
            Enabled = true, TestMode = false, AllowedAccounts = [.. accounts], AllowedMarkets = [.. markets], AllowedIntents = ["배송문의", "사용법"],
            DailyQuotaPerAccount = 10,
        },
        3 => new() { Enabled = true, TestMode = false, DailyQuotaPerAccount = 100 },
        _ => throw new ArgumentOutOfRangeException(nameof(phase), "Phases are 1, 2 and 3."),
    };
}
