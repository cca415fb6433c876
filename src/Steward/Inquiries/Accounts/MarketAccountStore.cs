using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Steward.Audit;
using Steward.Security;
using Steward.Storage;

namespace Steward.Inquiries.Accounts;

/// <summary>
/// A seller account an org connected on a market: Steward polls its <see cref="Boards"/> for questions (when
/// <see cref="Poll"/>) and posts its replies there. The access token stays sealed in the row until a request needs it.
/// </summary>
public sealed record MarketAccount(
    string OrgId, string MarketCode, string AccountId, Uri BaseUrl, IReadOnlyList<long> Boards, string? MemberId, bool Poll, DateTimeOffset CreatedAt,
    string CreatedBy);

/// <summary>
/// The <c>market_accounts</c> table; every change audited, tokens never returned. The sender's lookups are cached for
/// <see cref="CacheFor"/> per instance: a change made on another instance applies within that time, one made here at once.
/// </summary>
public sealed class MarketAccountStore(Database database, SecretBox secrets, AuditLog audit, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(string Org, string Market, string Account), (DateTimeOffset LoadedAt, (MarketAccount, string)? Found)> _cache = new();

    private const string TokenPurpose = "steward/market-account-token";
    private const string Columns = "org_id, market_code, account_id, base_url, token_sealed, boards, member_id, poll, created_at, created_by";

    /// <summary>Connects the account; null when the org already has it (delete it first to change it).</summary>
    public async Task<MarketAccount?> AddAsync(
        string orgId, string marketCode, string accountId, Uri baseUrl, string accessToken, IReadOnlyList<long> boards, string? memberId, bool poll,
        AuditActor actor, CancellationToken cancellationToken)
    {
        var account = new MarketAccount(orgId, marketCode, accountId, baseUrl, boards, memberId, poll, time.GetUtcNow(), $"{actor.Type}:{actor.Id}");
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            var inserted = await connection.ExecuteAsync(
                $"""
                INSERT INTO market_accounts ({Columns})
                VALUES (@OrgId, @MarketCode, @AccountId, @baseUrl, @token, @boards, @MemberId, @poll, @CreatedAt, @CreatedBy)
                ON CONFLICT (org_id, market_code, account_id) DO NOTHING
                """,
                new
                {
                    account.OrgId, account.MarketCode, account.AccountId, baseUrl = baseUrl.ToString(),
                    token = secrets.Seal(TokenPurpose, accessToken, AssociatedData(orgId, marketCode, accountId)), boards = JsonSerializer.Serialize(boards),
                    account.MemberId, poll = poll ? 1L : 0L, account.CreatedAt, account.CreatedBy,
                });
            if (inserted == 0)
            {
                return null;
            }
        }

        _cache.TryRemove((orgId, marketCode, accountId), out _);
        await audit.WriteAsync(new AuditEntry(orgId, actor, "market_account.add", "success", $"{marketCode}:{accountId}", new Dictionary<string, string?>
        {
            ["base_url"] = baseUrl.GetLeftPart(UriPartial.Authority), ["boards"] = string.Join(',', boards), ["poll"] = poll ? "true" : "false",
        }), cancellationToken);
        return account;
    }

    public async Task<bool> DeleteAsync(string orgId, string marketCode, string accountId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            if (await connection.ExecuteAsync(
                    "DELETE FROM market_accounts WHERE org_id = @orgId AND market_code = @marketCode AND account_id = @accountId",
                    new { orgId, marketCode, accountId }) == 0)
            {
                return false;
            }
        }

        _cache.TryRemove((orgId, marketCode, accountId), out _);
        await audit.WriteAsync(new AuditEntry(orgId, actor, "market_account.delete", "success", $"{marketCode}:{accountId}"), cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<MarketAccount>> ListAsync(string orgId, CancellationToken cancellationToken) =>
        [.. (await QueryAsync("WHERE org_id = @orgId ORDER BY market_code, account_id", new { orgId }, cancellationToken)).Select(r => r.Account)];

    /// <summary>The org's accounts whose boards are polled, with their tokens (null when a token cannot be opened: <c>SECRET_KEY</c> changed).</summary>
    public async Task<IReadOnlyList<(MarketAccount Account, string? Token)>> PolledAsync(string orgId, CancellationToken cancellationToken) =>
        [.. (await QueryAsync("WHERE org_id = @orgId AND poll = 1 ORDER BY market_code, account_id", new { orgId }, cancellationToken))
            .Select(r => (r.Account, TryOpen(r)))];

    /// <summary>
    /// The account with its token, for a reply or a check; null when the org has not connected it. Throws
    /// <see cref="CryptographicException"/> when the token cannot be opened (<c>SECRET_KEY</c> changed): reconnect the account.
    /// </summary>
    public async Task<(MarketAccount Account, string Token)?> FindAsync(string orgId, string marketCode, string accountId, CancellationToken cancellationToken)
    {
        var key = (orgId, marketCode, accountId);
        if (_cache.TryGetValue(key, out var cached) && time.GetUtcNow() - cached.LoadedAt < CacheFor)
        {
            return cached.Found;
        }

        var rows = await QueryAsync(
            "WHERE org_id = @orgId AND market_code = @marketCode AND account_id = @accountId", new { orgId, marketCode, accountId }, cancellationToken);
        (MarketAccount, string)? found = rows.Count == 0 ? null : (rows[0].Account, Open(rows[0]));
        _cache[key] = (time.GetUtcNow(), found);
        return found;
    }

    /// <summary>The token in clear; throws <see cref="CryptographicException"/> when it was sealed under another <c>SECRET_KEY</c>.</summary>
    private string Open(Row row) => secrets.Open(TokenPurpose, row.TokenSealed, AssociatedData(row.OrgId, row.MarketCode, row.AccountId));

    private string? TryOpen(Row row)
    {
        try
        {
            return Open(row);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static string AssociatedData(string orgId, string marketCode, string accountId) => $"market_accounts:{orgId}:{marketCode}:{accountId}";

    private async Task<IReadOnlyList<Row>> QueryAsync(string where, object? args, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<Row>($"SELECT {Columns} FROM market_accounts {where}", args)];
    }

    /// <summary>Properties, not a constructor: Dapper converts SQLite's and PostgreSQL's column types into these.</summary>
    private sealed class Row
    {
        public string OrgId { get; init; } = "";
        public string MarketCode { get; init; } = "";
        public string AccountId { get; init; } = "";
        public string BaseUrl { get; init; } = "";
        public string TokenSealed { get; init; } = "";
        public string Boards { get; init; } = "[]";
        public string? MemberId { get; init; }
        public long Poll { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public string CreatedBy { get; init; } = "";

        public MarketAccount Account => new(
            OrgId, MarketCode, AccountId, new Uri(BaseUrl), JsonSerializer.Deserialize<long[]>(Boards) ?? [], MemberId, Poll == 1, CreatedAt, CreatedBy);
    }
}
