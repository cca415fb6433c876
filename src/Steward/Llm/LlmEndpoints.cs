using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Security;

namespace Steward.Llm;

public sealed record LlmUsageTotals(long Requests, long FailedRequests, long InputTokens, long OutputTokens)
{
    public static LlmUsageTotals Of(IEnumerable<LlmUsageRow> rows)
    {
        var list = rows.ToList();
        return new(list.Sum(r => r.Requests), list.Sum(r => r.FailedRequests), list.Sum(r => r.InputTokens), list.Sum(r => r.OutputTokens));
    }
}

public sealed record LlmUsageModel(string Provider, string Model, long Requests, long FailedRequests, long InputTokens, long OutputTokens);

public sealed record LlmUsageDay(string Day, long Requests, long FailedRequests, long InputTokens, long OutputTokens, IReadOnlyList<LlmUsageModel> Models);

public sealed record LlmUsageResponse(string From, string To, IReadOnlyList<LlmUsageDay> Days, LlmUsageTotals Totals);

/// <summary>The caller's org's use of AI providers, per day (the org's days), for admins.</summary>
public static class LlmEndpoints
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    public static IEndpointRouteBuilder MapLlmEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/llm/usage", UsageAsync).WithTags("llm").RequireAuthorization(Policies.Admin);
        return app;
    }

    /// <summary>
    /// Requests, failed requests and input/output tokens per day from <paramref name="from"/> to <paramref name="to"/>
    /// (YYYY-MM-DD, both included; default the last 30 days up to today), each day split by provider and model, with totals.
    /// Days without requests are left out.
    /// </summary>
    public static async Task<Results<Ok<LlmUsageResponse>, ValidationProblem>> UsageAsync(
        HttpContext context, LlmUsageStore usage, string? from = null, string? to = null)
    {
        var orgId = context.User.GetCaller().OrgId;
        var errors = new Dictionary<string, string[]>();
        var last = Parse(to, "to", errors) ?? await usage.TodayAsync(orgId, context.RequestAborted);
        var first = Parse(from, "from", errors) ?? last.AddDays(-(DefaultDays - 1));
        if (errors.Count == 0 && first > last)
        {
            errors["from"] = ["Must not be after 'to'."];
        }
        else if (errors.Count == 0 && last.DayNumber - first.DayNumber >= MaxDays)
        {
            errors["from"] = [$"At most {MaxDays} days at once."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var rows = await usage.QueryAsync(orgId, first, last, context.RequestAborted);
        var days = rows.GroupBy(row => row.Day)
            .Select(day =>
            {
                var totals = LlmUsageTotals.Of(day);
                var models = day.Select(r => new LlmUsageModel(r.Provider, r.Model, r.Requests, r.FailedRequests, r.InputTokens, r.OutputTokens)).ToList();
                return new LlmUsageDay(day.Key, totals.Requests, totals.FailedRequests, totals.InputTokens, totals.OutputTokens, models);
            })
            .ToList();
        return TypedResults.Ok(new LlmUsageResponse(Format(first), Format(last), days, LlmUsageTotals.Of(rows)));
    }

    private static DateOnly? Parse(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[name] = ["A date as YYYY-MM-DD."];
        return null;
    }

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
