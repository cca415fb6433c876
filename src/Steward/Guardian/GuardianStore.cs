using System.Data.Common;
using System.Text.Json;
using System.Globalization;
using Dapper;
using Steward.Storage;

namespace Steward.Guardian;

/// <summary>The switches a guardian can throw. <see cref="AccountLock"/> is per seller account; the rest are org-wide.</summary>
public static class GuardianSwitches
{
    public const string GlobalTestMode = "global_test_mode";
    public const string PartialAutoOff = "partial_auto_off";
    public const string ShadowMode = "shadow_mode";
    public const string AccountLock = "account_lock";

    public static readonly IReadOnlyList<string> OrgWide = [GlobalTestMode, PartialAutoOff, ShadowMode];

    public static bool IsValid(string? name) => name is AccountLock || (name is not null && OrgWide.Contains(name));
}

/// <summary>
/// A switch as it stands: who changed it last, when, by which rule and why (all null for one never changed).
/// <see cref="AccountId"/> only for locks.
/// </summary>
public sealed record GuardianSwitch(string Switch, string? AccountId, bool On, DateTimeOffset? ChangedAt, string? ChangedBy, string? Rule, string? Reason);

/// <summary>One change in the append-only history.</summary>
public sealed record GuardianEvent(
    long Id, DateTimeOffset At, string Switch, string? AccountId, bool On, string ChangedBy, string? Rule, string Reason, JsonElement? Data);

/// <summary>A change to make: <see cref="ChangedBy"/> is the rule's actor name or the admin; <see cref="Data"/> the rule's evidence as JSON.</summary>
public sealed record GuardianChange(string Switch, string? AccountId, bool On, string ChangedBy, string? Rule, string Reason, string? Data);

/// <summary>Sends and failures in a window.</summary>
public readonly record struct SendCounts(long Total, long Failed);

/// <summary>The guardian's tables: switches, their history, and its own record of send outcomes.</summary>
public sealed class GuardianStore(Database database)
{
    private sealed record SwitchRow(string SwitchName, string AccountId, long IsOn, DateTimeOffset ChangedAt, string ChangedBy, string? Rule, string Reason);

    private sealed record EventRow(
        long Id, DateTimeOffset At, string SwitchName, string AccountId, long IsOn, string ChangedBy, string? Rule, string Reason, string? Data);

    public async Task RecordOutcomeAsync(SendOutcome outcome, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO guardian_send_outcomes (org_id, at, market_code, account_id, inquiry_id, succeeded, error)
            VALUES (@OrgId, @At, @MarketCode, @AccountId, @InquiryId, @Succeeded, @Error)
            """,
            new { outcome.OrgId, outcome.At, outcome.MarketCode, outcome.AccountId, outcome.InquiryId, Succeeded = outcome.Succeeded ? 1L : 0L, outcome.Error });
    }

    public async Task<IReadOnlyList<GuardianSwitch>> SwitchesAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SwitchRow>(
            """
            SELECT switch_name, account_id, is_on, changed_at, changed_by, rule, reason FROM guardian_switches
            WHERE org_id = @orgId ORDER BY switch_name, account_id
            """,
            new { orgId });
        return [.. rows.Select(row => new GuardianSwitch(
            row.SwitchName, row.AccountId.Length == 0 ? null : row.AccountId, row.IsOn == 1, row.ChangedAt, row.ChangedBy, row.Rule, row.Reason))];
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<GuardianEvent>> EventsAsync(string orgId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(
            """
            SELECT id, at, switch_name, account_id, is_on, changed_by, rule, reason, data FROM guardian_events
            WHERE org_id = @orgId ORDER BY id DESC LIMIT @limit
            """,
            new { orgId, limit = (long)limit });
        return [.. rows.Select(row => new GuardianEvent(
            row.Id, row.At, row.SwitchName, row.AccountId.Length == 0 ? null : row.AccountId, row.IsOn == 1, row.ChangedBy, row.Rule, row.Reason,
            Evidence(row.Data)))];
    }

    private static JsonElement? Evidence(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Turns a switch on or off and appends the event, in one transaction, only if it is not already in that state:
    /// false means nothing changed (a switch already on is not tripped twice, even by racing instances).
    /// </summary>
    public async Task<bool> ChangeAsync(string orgId, GuardianChange change, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var row = new
        {
            orgId, change.Switch, AccountId = change.AccountId ?? "", IsOn = change.On ? 1L : 0L, at, change.ChangedBy, change.Rule, change.Reason, change.Data,
        };
        var changed = change.On
            ? await connection.ExecuteAsync(
                """
                INSERT INTO guardian_switches (org_id, switch_name, account_id, is_on, changed_at, changed_by, rule, reason)
                VALUES (@orgId, @Switch, @AccountId, @IsOn, @at, @ChangedBy, @Rule, @Reason)
                ON CONFLICT (org_id, switch_name, account_id) DO UPDATE SET
                    is_on = excluded.is_on, changed_at = excluded.changed_at, changed_by = excluded.changed_by, rule = excluded.rule, reason = excluded.reason
                WHERE guardian_switches.is_on = 0
                """, row, transaction)
            : await connection.ExecuteAsync(
                """
                UPDATE guardian_switches SET is_on = 0, changed_at = @at, changed_by = @ChangedBy, rule = @Rule, reason = @Reason
                WHERE org_id = @orgId AND switch_name = @Switch AND account_id = @AccountId AND is_on = 1
                """, row, transaction);
        if (changed == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO guardian_events (org_id, at, switch_name, account_id, is_on, changed_by, rule, reason, data)
            VALUES (@orgId, @at, @Switch, @AccountId, @IsOn, @ChangedBy, @Rule, @Reason, @Data)
            """, row, transaction);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>How many of the account's latest outcomes since <paramref name="since"/> failed in a row, counting at most <paramref name="limit"/>.</summary>
    public async Task<int> FailureStreakAsync(string orgId, string accountId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var latest = await connection.QueryAsync<long>(
            """
            SELECT succeeded FROM guardian_send_outcomes WHERE org_id = @orgId AND account_id = @accountId AND at >= @since
            ORDER BY at DESC, id DESC LIMIT @limit
            """,
            new { orgId, accountId, since, limit = (long)limit });
        return latest.TakeWhile(succeeded => succeeded == 0).Count();
    }

    /// <summary>Whether the org has a failed send after <paramref name="since"/> (the partial index of failures answers it).</summary>
    public async Task<bool> AnyFailureSinceAsync(string orgId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(
            "SELECT 1 FROM guardian_send_outcomes WHERE org_id = @orgId AND succeeded = 0 AND at > @since LIMIT 1", new { orgId, since }) is not null;
    }

    /// <summary>Failed sends with <c>from &lt;= at &lt; to</c>, org-wide or for one account; only failed rows are read (partial indexes).</summary>
    public async Task<long> FailuresAsync(string orgId, string? accountId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var account = accountId is null ? "" : " AND account_id = @accountId";
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            $"SELECT COUNT(*) FROM guardian_send_outcomes WHERE org_id = @orgId{account} AND succeeded = 0 AND at >= @from AND at < @to",
            new { orgId, accountId, from, to });
    }

    /// <summary>Sends with <c>from &lt;= at &lt; to</c>, counted no further than <paramref name="cap"/> + 1.</summary>
    public async Task<long> TotalUpToAsync(string orgId, string? accountId, DateTimeOffset from, DateTimeOffset to, long cap, CancellationToken cancellationToken)
    {
        var account = accountId is null ? "" : " AND account_id = @accountId";
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            $"SELECT COUNT(*) FROM (SELECT 1 FROM guardian_send_outcomes WHERE org_id = @orgId{account} AND at >= @from AND at < @to LIMIT @limit) AS window_rows",
            new { orgId, accountId, from, to, limit = cap + 1 });
    }

    /// <summary>Sends and failures in each bucket <c>[bounds[i], bounds[i+1])</c>, in one query.</summary>
    public async Task<IReadOnlyList<SendCounts>> CountBucketsAsync(
        string orgId, string? accountId, IReadOnlyList<DateTimeOffset> bounds, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { orgId, accountId, from = bounds[0], to = bounds[^1] });
        var columns = new List<string>();
        for (var i = 0; i < bounds.Count - 1; i++)
        {
            parameters.Add($"b{i}", bounds[i]);
            parameters.Add($"b{i + 1}", bounds[i + 1]);
            var inBucket = $"at >= @b{i} AND at < @b{i + 1}";
            columns.Add($"COALESCE(SUM(CASE WHEN {inBucket} THEN 1 ELSE 0 END), 0)");
            columns.Add($"COALESCE(SUM(CASE WHEN {inBucket} AND succeeded = 0 THEN 1 ELSE 0 END), 0)");
        }

        var account = accountId is null ? "" : " AND account_id = @accountId";
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(
            $"SELECT {string.Join(", ", columns)} FROM guardian_send_outcomes WHERE org_id = @orgId{account} AND at >= @from AND at < @to", parameters);
        return await ReadBucketsAsync(reader, bounds.Count - 1, cancellationToken);
    }

    private static async Task<IReadOnlyList<SendCounts>> ReadBucketsAsync(DbDataReader reader, int buckets, CancellationToken cancellationToken)
    {
        await reader.ReadAsync(cancellationToken);
        var counts = new SendCounts[buckets];
        for (var i = 0; i < buckets; i++)
        {
            counts[i] = new SendCounts(Convert.ToInt64(reader.GetValue(2 * i), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2 * i + 1), CultureInfo.InvariantCulture));
        }

        return counts;
    }
}
