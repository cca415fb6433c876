using System.Globalization;
using Dapper;
using Steward.Security;
using Steward.Storage;

namespace Steward.Llm;

/// <summary>One finished request to a model: whose, to which provider and model, whether it answered, and the tokens it cost.</summary>
public sealed record LlmUsageRecord(string OrgId, string Provider, string Model, bool Succeeded, long InputTokens, long OutputTokens);

/// <summary>An org's use of one provider and model on one day (in the org's time zone).</summary>
public sealed record LlmUsageRow(string Day, string Provider, string Model, long Requests, long FailedRequests, long InputTokens, long OutputTokens);

/// <summary>
/// LLM usage per org, day, provider and model in <c>llm_usage</c>: each request adds to its day's row with one upsert,
/// so instances on one PostgreSQL add up without coordinating. Days are the org's (Asia/Seoul by default), so "today's
/// tokens" means what the shop means by today.
/// </summary>
public sealed class LlmUsageStore(Database database, OrgStore orgs, TimeProvider time)
{
    private const string DayFormat = "yyyy-MM-dd";

    public async Task RecordAsync(LlmUsageRecord usage, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, await orgs.TimeZoneAsync(usage.OrgId, cancellationToken)).DateTime);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO llm_usage (org_id, day, provider, model, requests, failed_requests, input_tokens, output_tokens, updated_at)
            VALUES (@OrgId, @day, @Provider, @Model, 1, @failed, @InputTokens, @OutputTokens, @now)
            ON CONFLICT (org_id, day, provider, model) DO UPDATE SET
                requests = llm_usage.requests + 1,
                failed_requests = llm_usage.failed_requests + excluded.failed_requests,
                input_tokens = llm_usage.input_tokens + excluded.input_tokens,
                output_tokens = llm_usage.output_tokens + excluded.output_tokens,
                updated_at = excluded.updated_at
            """,
            new
            {
                usage.OrgId, day = day.ToString(DayFormat, CultureInfo.InvariantCulture), usage.Provider, usage.Model,
                failed = usage.Succeeded ? 0L : 1L, usage.InputTokens, usage.OutputTokens, now,
            });
    }

    /// <summary>The org's rows from <paramref name="from"/> to <paramref name="to"/> (both included), by day, provider and model.</summary>
    public async Task<IReadOnlyList<LlmUsageRow>> QueryAsync(string orgId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<LlmUsageRow>(
            """
            SELECT day, provider, model, requests, failed_requests, input_tokens, output_tokens FROM llm_usage
            WHERE org_id = @orgId AND day >= @from AND day <= @to
            ORDER BY day, provider, model
            """,
            new { orgId, from = from.ToString(DayFormat, CultureInfo.InvariantCulture), to = to.ToString(DayFormat, CultureInfo.InvariantCulture) });
        return rows.AsList();
    }

    /// <summary>Today in the org's time zone.</summary>
    public async Task<DateOnly> TodayAsync(string orgId, CancellationToken cancellationToken) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), await orgs.TimeZoneAsync(orgId, cancellationToken)).DateTime);
}
