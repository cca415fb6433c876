using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Steward.Storage;

namespace Steward.Tools;

public enum ApprovalStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>A write an automatic caller asked for and a person must approve. Arguments are kept as given, to run later.</summary>
public sealed record ToolApproval(
    string Id, string Tool, JsonElement Arguments, string? SessionId, string CallerType, string? CallerId, ApprovalStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? DecidedBy, string? Reason, JsonElement? Result, JsonElement? BotContext);

/// <summary>Pending approvals of write tools, and their decisions. A decision is taken once: the first one wins.</summary>
public sealed class ToolApprovals(Database database, TimeProvider time)
{
    public async Task<string> CreateAsync(ToolCallRequest request, JsonElement arguments, CancellationToken cancellationToken)
    {
        var id = "apr_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO tool_approvals (id, org_id, tool, arguments, session_id, caller_type, caller_id, bot_context, status, created_at)
            VALUES (@id, @OrgId, @Tool, @arguments, @SessionId, @callerType, @callerId, @botContext, 'pending', @now)
            """,
            new
            {
                id, request.OrgId, request.Tool, arguments = arguments.GetRawText(), request.SessionId, callerType = request.Caller.Type,
                callerId = request.Caller.Id, botContext = request.BotContext?.GetRawText(), now = time.GetUtcNow(),
            });
        return id;
    }

    public async Task<IReadOnlyList<ToolApproval>> ListAsync(string orgId, ApprovalStatus? status, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            $"{Select} WHERE org_id = @orgId AND (@status IS NULL OR status = @status) ORDER BY created_at DESC, id LIMIT @limit",
            new { orgId, status = status is { } s ? Names.SnakeCase(s) : null, limit = Math.Clamp(limit, 1, 500) });
        return rows.Select(ToApproval).ToList();
    }

    public async Task<ToolApproval?> GetAsync(string orgId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE org_id = @orgId AND id = @id", new { orgId, id });
        return row is null ? null : ToApproval(row);
    }

    /// <summary>Moves a pending approval to its decision; false when it was not pending (decided already, or unknown).</summary>
    public async Task<bool> DecideAsync(
        string orgId, string id, ApprovalStatus decision, string decidedBy, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            """
            UPDATE tool_approvals SET status = @decision, decided_at = @now, decided_by = @decidedBy, reason = @reason
            WHERE org_id = @orgId AND id = @id AND status = 'pending'
            """,
            new { orgId, id, decision = Names.SnakeCase(decision), now = time.GetUtcNow(), decidedBy, reason }) == 1;
    }

    public async Task RecordResultAsync(string orgId, string id, ToolResult result, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE tool_approvals SET result = @result WHERE org_id = @orgId AND id = @id",
            new { orgId, id, result = JsonSerializer.Serialize(result, ToolResult.Json) });
    }

    private const string Select =
        "SELECT id, tool, arguments, session_id, caller_type, caller_id, status, created_at, decided_at, decided_by, reason, result, bot_context FROM tool_approvals";

    private static ToolApproval ToApproval(Row row) => new(
        row.Id, row.Tool, JsonDocument.Parse(row.Arguments).RootElement.Clone(), row.SessionId, row.CallerType, row.CallerId,
        Enum.Parse<ApprovalStatus>(row.Status, ignoreCase: true), row.CreatedAt, row.DecidedAt, row.DecidedBy, row.Reason,
        row.Result is null ? null : JsonDocument.Parse(row.Result).RootElement.Clone(),
        row.BotContext is null ? null : JsonDocument.Parse(row.BotContext).RootElement.Clone());

    private sealed record Row(
        string Id, string Tool, string Arguments, string? SessionId, string CallerType, string? CallerId, string Status, DateTimeOffset CreatedAt,
        DateTimeOffset? DecidedAt, string? DecidedBy, string? Reason, string? Result, string? BotContext);
}
