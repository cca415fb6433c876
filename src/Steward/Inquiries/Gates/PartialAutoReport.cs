using System.Globalization;
using System.Text;
using Dapper;
using Steward.Security;
using Steward.Storage;

namespace Steward.Inquiries.Gates;

/// <summary>One day of the org (its time zone) by what happened to the inquiries that arrived that day.</summary>
/// <param name="AutoSent">Passed every gate and were sent automatically (or are being sent).</param>
/// <param name="WouldAutoSend">Passed every gate in shadow mode: recorded, not sent.</param>
/// <param name="Sent">Replies on the market, automatic or approved by a person.</param>
/// <param name="Failed">Sends that ended SEND_FAILED.</param>
public sealed record PartialAutoDay(
    string Day, int Received, int AutoSent, int WouldAutoSend, int Drafted, int Escalated, int Rejected, int Sent, int Failed);

/// <summary>A check of seed 000's pre-unlock list: the measured value, the bar and whether it is met.</summary>
public sealed record ReadinessCheck(string Name, double Value, double Threshold, bool Passed, string Description);

/// <summary>What partial auto did over the last days, and whether the seed's conditions for unlocking the next phase hold.</summary>
public sealed record PartialAutoReport(
    string From, string To, string TimeZone, IReadOnlyList<PartialAutoDay> Days, PartialAutoDay Totals, IReadOnlyDictionary<string, int> BlockedBy,
    IReadOnlyList<ReadinessCheck> Readiness, bool Ready);

/// <summary>
/// Shadow mode's report and seed 000's checklist before unlocking: per day (the org's days), the inquiries received,
/// sent automatically, that would have been sent in shadow mode, held for a person, escalated, rejected, sent and
/// failed; the reasons that held them; and the two pre-checks — at least 10 automatic-send candidates a day on average
/// (sent automatically or would-be in shadow mode) and a SEND_FAILED rate under 5 % — over the period.
/// </summary>
public sealed class PartialAutoReporter(Database database, OrgStore orgs, TimeProvider time)
{
    public const int MaxDays = 90;
    public const double MinCandidatesPerDay = 10;
    public const double MaxFailedPercent = 5;

    public async Task<PartialAutoReport> ReportAsync(string orgId, int days, CancellationToken cancellationToken)
    {
        var zone = await orgs.TimeZoneAsync(orgId, cancellationToken);
        var today = OrgDays.Today(time.GetUtcNow(), zone);
        var first = today.AddDays(1 - days);
        var bounds = Enumerable.Range(0, days + 1).Select(i => OrgDays.Start(first.AddDays(i), zone)).ToList();

        var rows = await CountAsync(orgId, bounds, cancellationToken);
        var perDay = Enumerable.Range(0, days).Select(i => Day(first.AddDays(i), rows.Where(r => r.Day == i))).ToList();
        var totals = Day(today, rows) with { Day = $"{first:yyyy-MM-dd}..{today:yyyy-MM-dd}" };
        var blockedBy = rows.Where(r => r.BlockCode is not null).GroupBy(r => r.BlockCode!)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (int)g.Sum(r => r.Count));

        var candidatesPerDay = (totals.AutoSent + totals.WouldAutoSend) / (double)days;
        var finished = totals.Sent + totals.Failed;
        var failedPercent = finished == 0 ? 0 : 100.0 * totals.Failed / finished;
        IReadOnlyList<ReadinessCheck> readiness =
        [
            new("candidates_per_day", Math.Round(candidatesPerDay, 2), MinCandidatesPerDay, candidatesPerDay >= MinCandidatesPerDay,
                "automatic-send candidates a day on average (sent automatically, or would have been in shadow mode): at least 10"),
            new("send_failed_percent", Math.Round(failedPercent, 2), MaxFailedPercent, failedPercent < MaxFailedPercent,
                "SEND_FAILED among finished sends: under 5 %"),
        ];
        return new PartialAutoReport($"{first:yyyy-MM-dd}", $"{today:yyyy-MM-dd}", zone.Id, perDay, totals, blockedBy, readiness,
            readiness.All(check => check.Passed));
    }

    private static PartialAutoDay Day(DateOnly day, IEnumerable<Row> rows)
    {
        int Count(Func<Row, bool> predicate) => (int)rows.Where(predicate).Sum(r => r.Count);
        bool Automatic(Row r) => r.BlockCode is null && r.Status is InquiryStatus.AutoSend or InquiryStatus.Sent or InquiryStatus.SendFailed;
        return new PartialAutoDay(
            day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Count(_ => true), Count(Automatic), Count(r => r.BlockCode == GateReasons.ShadowMode),
            Count(r => r.Status == InquiryStatus.AiDrafted), Count(r => r.Status == InquiryStatus.Escalated), Count(r => r.Status == InquiryStatus.Rejected),
            Count(r => r.SendStatus == SendStatus.Sent), Count(r => r.SendStatus == SendStatus.SendFailed));
    }

    /// <summary>Counts by day index, status, block code and send status, in one query over the period.</summary>
    private async Task<IReadOnlyList<Row>> CountAsync(string orgId, IReadOnlyList<DateTimeOffset> bounds, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { orgId, from = bounds[0], to = bounds[^1] });
        var day = new StringBuilder("CASE");
        for (var i = bounds.Count - 2; i >= 0; i--)
        {
            parameters.Add($"b{i}", bounds[i]);
            day.Append(CultureInfo.InvariantCulture, $" WHEN created_at >= @b{i} THEN {i}");
        }

        day.Append(" END");
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            $"""
            SELECT day, status, block_code, send_status, COUNT(*) AS count FROM (
                SELECT {day} AS day, status, block_code, send_status FROM inquiries
                WHERE org_id = @orgId AND created_at >= @from AND created_at < @to) AS period
            GROUP BY day, status, block_code, send_status
            """,
            parameters);
        return rows.ToList();
    }

    /// <summary>Properties, not a constructor: Dapper converts SQLite's and PostgreSQL's column types into these.</summary>
    private sealed class Row
    {
        public long Day { get; init; }
        public string Status { get; init; } = "";
        public string? BlockCode { get; init; }
        public string? SendStatus { get; init; }
        public long Count { get; init; }
    }
}
