using System.Text.Json;
using Dapper;
using Steward.Storage;

namespace Steward.Tools;

/// <summary>One row of the ledger as written: arguments already masked, latency in microseconds.</summary>
public sealed record ToolCallRecord(
    string OrgId, string? SessionId, ToolCaller Caller, string Tool, ToolCallMode Mode, string MaskedArguments, ToolDecision Decision,
    string Outcome, string? ErrorCode, long LatencyUs, string? ApprovalId, string? BotContext);

/// <summary>One row of the ledger as read back.</summary>
public sealed record ToolCallEntry(
    long Id, DateTimeOffset OccurredAt, string? SessionId, string CallerType, string? CallerId, string Tool, string Mode, JsonElement Arguments,
    string Decision, string Outcome, string? ErrorCode, double LatencyMs, string? ApprovalId, JsonElement? BotContext);

/// <summary>Filters for <see cref="ToolCallLedger.QueryAsync"/>; every one that is set must match.</summary>
public sealed record ToolCallQuery(
    string? Tool = null, string? Outcome = null, string? Decision = null, string? SessionId = null, string? CallerId = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, long? BeforeId = null, int Limit = 100);

/// <summary>
/// The append-only ledger of every tool call, allowed or blocked (the table refuses UPDATE and DELETE by trigger).
/// </summary>
public sealed class ToolCallLedger(Database database, TimeProvider time) : IAsyncDisposable, IDisposable
{
    public const int MaxPageSize = 500;

    private readonly ToolCallWriter _writer = new(database);

    public static class Outcomes
    {
        public const string Ok = "ok";
        public const string Error = "error";
        public const string Blocked = "blocked";
        public const string Pending = "pending";
    }

    /// <summary>Returns once the row is committed (shared with concurrent calls' rows: see <see cref="ToolCallWriter"/>).</summary>
    public Task<long> AppendAsync(ToolCallRecord record) =>
        _writer.AppendAsync(new
        {
            record.OrgId, OccurredAt = time.GetUtcNow(), record.SessionId, CallerType = record.Caller.Type, CallerId = record.Caller.Id,
            record.Tool, Mode = Names.SnakeCase(record.Mode), record.MaskedArguments, Decision = Names.SnakeCase(record.Decision), record.Outcome,
            record.ErrorCode, record.LatencyUs, record.ApprovalId, record.BotContext,
        });

    /// <summary>Newest first; <see cref="ToolCallQuery.BeforeId"/> pages backwards.</summary>
    public async Task<IReadOnlyList<ToolCallEntry>> QueryAsync(string orgId, ToolCallQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            """
            SELECT id, occurred_at, session_id, caller_type, caller_id, tool, mode, arguments, decision, outcome, error_code, latency_us,
                   approval_id, bot_context
            FROM tool_calls
            WHERE org_id = @orgId
              AND (@Tool IS NULL OR tool = @Tool)
              AND (@Outcome IS NULL OR outcome = @Outcome)
              AND (@Decision IS NULL OR decision = @Decision)
              AND (@SessionId IS NULL OR session_id = @SessionId)
              AND (@CallerId IS NULL OR caller_id = @CallerId)
              AND (@From IS NULL OR occurred_at >= @From)
              AND (@To IS NULL OR occurred_at < @To)
              AND (@BeforeId IS NULL OR id < @BeforeId)
            ORDER BY id DESC
            LIMIT @Limit
            """,
            new
            {
                orgId, query.Tool, query.Outcome, query.Decision, query.SessionId, query.CallerId,
                // As epoch milliseconds: a null DateTimeOffset parameter has no type PostgreSQL can infer.
                From = query.From?.ToUnixTimeMilliseconds(), To = query.To?.ToUnixTimeMilliseconds(), query.BeforeId,
                Limit = Math.Clamp(query.Limit, 1, MaxPageSize),
            });
        return rows.Select(row => new ToolCallEntry(
            row.Id, row.OccurredAt, row.SessionId, row.CallerType, row.CallerId, row.Tool, row.Mode, Parse(row.Arguments)!.Value, row.Decision,
            row.Outcome, row.ErrorCode, row.LatencyUs / 1000.0, row.ApprovalId, Parse(row.BotContext))).ToList();
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();

    private sealed record Row(
        long Id, DateTimeOffset OccurredAt, string? SessionId, string CallerType, string? CallerId, string Tool, string Mode, string Arguments,
        string Decision, string Outcome, string? ErrorCode, long LatencyUs, string? ApprovalId, string? BotContext);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    /// <summary>For hosts disposed synchronously: waits for the queued rows to be written.</summary>
    public void Dispose() => _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
