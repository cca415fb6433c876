using System.CommandLine;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Steward.Conversations;
using Steward.Inquiries;
using Steward.Inquiries.Gates;
using Steward.Security;
using Steward.Tools;

namespace Steward.Cli;

/// <summary>
/// <c>steward replay</c>: runs a file of inquiries through drafting and the finalize gates as they would run at a given
/// moment, sends nothing and stores no inquiry, and reports the decisions — what a shadow-mode week would have done.
/// </summary>
internal static class ReplayCommand
{
    private sealed record Row(string MarketCode, string AccountId, string MarketInquiryId, string Text);

    public static Command Create()
    {
        var org = new Option<string>("--org") { Description = "The org whose settings, tools and knowledge base answer.", Required = true };
        var file = new Option<string>("--file") { Description = "CSV with the header market_code,account_id,market_inquiry_id,text.", Required = true };
        var at = new Option<string?>("--at") { Description = "The moment the gates judge by (business hours, quota day), ISO 8601 with offset, e.g. 2026-03-02T10:00:00+09:00. Default: now." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("replay", "Draft and finalize a file of inquiries without sending anything; report decisions by reason and intent.") { org, file, at, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var atText = parse.GetValue(at);
            if (atText is not null && !DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return CliOutput.Fail($"--at '{atText}' is not an ISO 8601 time with an offset (e.g. 2026-03-02T10:00:00+09:00).");
            }

            List<Row> rows;
            try
            {
                rows = Read(parse.GetValue(file)!);
            }
            catch (Exception ex) when (ex is IOException or CsvHelperException or UnauthorizedAccessException)
            {
                return CliOutput.Fail($"Cannot read {parse.GetValue(file)}: {ex.Message.Split('\n')[0]}");
            }

            using var host = CliHost.Build();
            var orgId = parse.GetValue(org)!;
            if (await host.Services.GetRequiredService<OrgStore>().FindAsync(orgId, cancellationToken) is null)
            {
                return CliOutput.Fail($"There is no org '{orgId}' (run 'steward init --org {orgId}' first).");
            }

            var moment = atText is null ? host.Services.GetRequiredService<TimeProvider>().GetUtcNow() : DateTimeOffset.Parse(atText, CultureInfo.InvariantCulture);
            var report = await RunAsync(host.Services, orgId, rows, moment, cancellationToken);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(report);
            }
            else
            {
                Console.WriteLine($"{report.Total} inquiries at {moment:yyyy-MM-dd HH:mm zzz}: would auto-send {report.WouldAutoSendRate:P1}");
                foreach (var (decision, count) in report.Decisions)
                {
                    Console.WriteLine($"  {decision,-11} {count,6}");
                }

                foreach (var (reason, count) in report.Reasons.OrderByDescending(r => r.Value))
                {
                    Console.WriteLine($"  blocked by {reason,-24} {count,6}");
                }
            }

            return 0;
        });
        return command;
    }

    public sealed record Escalation(string MarketCode, string MarketInquiryId, string? Detail);

    public sealed record Report(
        int Total, DateTimeOffset At, SortedDictionary<string, int> Decisions, SortedDictionary<string, int> Reasons,
        SortedDictionary<string, SortedDictionary<string, int>> ByIntent, double WouldAutoSendRate, List<Escalation> Escalations);

    private static async Task<Report> RunAsync(IServiceProvider services, string orgId, List<Row> rows, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var pipeline = services.GetRequiredService<TurnPipeline>();
        var finalizer = services.GetRequiredService<InquiryFinalizer>();
        var decisions = new SortedDictionary<string, int>(StringComparer.Ordinal) { [InquiryStatus.AutoSend] = 0, [InquiryStatus.AiDrafted] = 0, [InquiryStatus.Escalated] = 0 };
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byIntent = new SortedDictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
        var escalations = new List<Escalation>();
        var wouldSend = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var draft = await pipeline.RunAsync(new TurnRequest(orgId, row.Text, Channels.Inquiry, InquiryProcessor.Caller, ToolCallMode.Automatic,
                UseSession: false, DryRun: true), cancellationToken);
            var result = await finalizer.FinalizeAsync(orgId, row.AccountId, row.MarketCode, row.Text, draft, at,
                wouldSend.GetValueOrDefault(row.AccountId), cancellationToken);
            var output = result.FinalOutput;
            decisions[output.Status] = decisions.GetValueOrDefault(output.Status) + 1;
            if (output.Reason is { } reason)
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }

            var intent = byIntent.TryGetValue(draft.Intent, out var existing) ? existing : byIntent[draft.Intent] = new(StringComparer.Ordinal);
            intent[output.Status] = intent.GetValueOrDefault(output.Status) + 1;
            if (output.Status == InquiryStatus.AutoSend)
            {
                wouldSend[row.AccountId] = wouldSend.GetValueOrDefault(row.AccountId) + 1;
            }
            else if (output.Status == InquiryStatus.Escalated)
            {
                escalations.Add(new Escalation(row.MarketCode, row.MarketInquiryId, output.Detail));
            }
        }

        return new Report(rows.Count, at, decisions, reasons, byIntent, rows.Count == 0 ? 0 : Math.Round(decisions[InquiryStatus.AutoSend] / (double)rows.Count, 4), escalations);
    }

    private static List<Row> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant() });
        var rows = new List<Row>();
        csv.Read();
        csv.ReadHeader();
        foreach (var column in new[] { "market_code", "account_id", "market_inquiry_id", "text" })
        {
            if (!csv.HeaderRecord!.Any(h => h.Trim().Equals(column, StringComparison.OrdinalIgnoreCase)))
            {
                throw new CsvHelperException(csv.Context, $"the header must name market_code,account_id,market_inquiry_id,text (missing {column})");
            }
        }

        while (csv.Read())
        {
            rows.Add(new Row(csv.GetField("market_code")!.Trim(), csv.GetField("account_id")!.Trim(), csv.GetField("market_inquiry_id")!.Trim(), csv.GetField("text")!));
        }

        return rows;
    }
}
