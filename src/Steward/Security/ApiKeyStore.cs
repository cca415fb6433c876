using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Steward.Audit;
using Steward.Storage;

namespace Steward.Security;

public sealed record ApiKeyInfo(
    string Id,
    string OrgId,
    string Name,
    string Role,
    string Prefix,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt);

/// <summary>A freshly created key: the only time its secret exists outside the caller's hands.</summary>
public sealed record IssuedApiKey(ApiKeyInfo Info, string Key);

/// <summary>
/// API keys: 256 random bits shown once, stored as a SHA-256 hash (a fast hash is enough for a secret of that
/// entropy). Validated keys are cached briefly so the hot path does not hit the database on every request;
/// revocation clears this instance's cache at once and other instances' within <see cref="CacheLifetime"/>.
/// </summary>
public sealed class ApiKeyStore
{
    public const string KeyPrefix = "stw_";
    private readonly Database _database;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);
    private const int MaxKeyLength = 128;
    private static readonly int MaxKeyBytes = Encoding.UTF8.GetMaxByteCount(MaxKeyLength);
    private const string Columns = "id, org_id, name, role, prefix, created_at, created_by, last_used_at, revoked_at";

    private readonly ConcurrentDictionary<string, (ApiKeyInfo? Key, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (ApiKeyInfo? Key, DateTimeOffset Expires)>.AlternateLookup<ReadOnlySpan<char>> _cacheBySpan;

    public ApiKeyStore(Database database, AuditLog audit, TimeProvider time)
    {
        _database = database;
        _audit = audit;
        _time = time;
        _cacheBySpan = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public async Task<IssuedApiKey> CreateAsync(string orgId, string name, string role, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (!Roles.IsValid(role))
        {
            throw new ArgumentException($"Unknown role '{role}'. Use one of: {string.Join(", ", Roles.All)}.", nameof(role));
        }

        var key = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var info = new ApiKeyInfo(Guid.CreateVersion7().ToString("n"), orgId, name, role, key[..12], _time.GetUtcNow(), actor.Id, null, null);
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO api_keys (id, org_id, name, role, prefix, key_hash, created_at, created_by)
                VALUES (@Id, @OrgId, @Name, @Role, @Prefix, @Hash, @CreatedAt, @CreatedBy)
                """,
                new { info.Id, info.OrgId, info.Name, info.Role, info.Prefix, Hash = Hash(key), info.CreatedAt, info.CreatedBy });
        }

        await _audit.WriteAsync(new AuditEntry(orgId, actor, "api_key.created", "success", info.Id,
            new Dictionary<string, string?> { ["name"] = name, ["role"] = role, ["prefix"] = info.Prefix }), cancellationToken);
        return new IssuedApiKey(info, key);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string orgId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ApiKeyInfo>(
            $"SELECT {Columns} FROM api_keys WHERE org_id = @orgId ORDER BY created_at, id", new { orgId })).ToList();
    }

    /// <summary>Revokes a key of this org; false when the org has no such active key.</summary>
    public async Task<bool> RevokeAsync(string orgId, string id, AuditActor actor, CancellationToken cancellationToken = default)
    {
        int changed;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            changed = await connection.ExecuteAsync(
                "UPDATE api_keys SET revoked_at = @now WHERE id = @id AND org_id = @orgId AND revoked_at IS NULL",
                new { now = _time.GetUtcNow(), id, orgId });
        }

        if (changed == 0)
        {
            return false;
        }

        _cache.Clear();
        await _audit.WriteAsync(new AuditEntry(orgId, actor, "api_key.revoked", "success", id), cancellationToken);
        return true;
    }

    /// <summary>The active key this secret belongs to, or null.</summary>
    public async ValueTask<ApiKeyInfo?> ValidateAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key.Length > MaxKeyLength)
        {
            return null;
        }

        // Hashed on the stack and looked up by span: a cache hit allocates nothing.
        Span<byte> utf8 = stackalloc byte[MaxKeyBytes];
        Span<byte> digest = stackalloc byte[32];
        Span<char> hex = stackalloc char[64];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(key, utf8)], digest);
        Convert.TryToHexStringLower(digest, hex, out _);
        var now = _time.GetUtcNow();
        if (_cacheBySpan.TryGetValue(hex, out var cached) && cached.Expires > now)
        {
            return cached.Key;
        }

        var hash = hex.ToString();
        ApiKeyInfo? info;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            info = await connection.QuerySingleOrDefaultAsync<ApiKeyInfo>(
                $"SELECT {Columns} FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL", new { hash });
            if (info is not null && (info.LastUsedAt is null || now - info.LastUsedAt > TouchInterval))
            {
                await connection.ExecuteAsync("UPDATE api_keys SET last_used_at = @now WHERE id = @id", new { now, id = info.Id });
            }
        }

        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }

        _cache[hash] = (info, now + CacheLifetime);
        return info;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
