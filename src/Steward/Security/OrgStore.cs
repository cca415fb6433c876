using System.Text.RegularExpressions;
using Dapper;
using Steward.Storage;

namespace Steward.Security;

public sealed record Org(string Id, string Name, string TimeZone, DateTimeOffset CreatedAt);

/// <summary>Organisations: every other row in Steward belongs to one.</summary>
public sealed partial class OrgStore(Database database, TimeProvider time)
{
    /// <summary>Lower-case letters, digits and hyphens, 2–63 characters, starting with a letter or digit.</summary>
    public static bool IsValidId(string? id) => id is not null && OrgIdPattern().IsMatch(id);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long LoadedAt, TimeZoneInfo Zone)> _zones = new(StringComparer.Ordinal);

    /// <summary>The org's time zone (Asia/Seoul when unknown), cached for a minute: every turn needs it.</summary>
    public async ValueTask<TimeZoneInfo> TimeZoneAsync(string id, CancellationToken cancellationToken = default)
    {
        if (_zones.TryGetValue(id, out var cached) && time.GetElapsedTime(cached.LoadedAt) < TimeSpan.FromMinutes(1))
        {
            return cached.Zone;
        }

        var org = await FindAsync(id, cancellationToken);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(org?.TimeZone ?? "Asia/Seoul", out var found) ? found : TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");
        _zones[id] = (time.GetTimestamp(), zone);
        return zone;
    }

    public async Task<Org?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Org>(
            "SELECT id, name, time_zone, created_at FROM orgs WHERE id = @id", new { id });
    }

    /// <summary>Creates the org unless it exists; returns it either way, and whether this call created it (exactly one of
    /// several racing callers does).</summary>
    public async Task<(Org Org, bool Created)> EnsureAsync(string id, string name, CancellationToken cancellationToken = default)
    {
        if (!IsValidId(id))
        {
            throw new ArgumentException($"'{id}' is not a valid org id (lower-case letters, digits and hyphens).", nameof(id));
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(
            "INSERT INTO orgs (id, name, time_zone, created_at) VALUES (@id, @name, 'Asia/Seoul', @now) ON CONFLICT (id) DO NOTHING",
            new { id, name, now = time.GetUtcNow() });
        var org = await connection.QuerySingleAsync<Org>("SELECT id, name, time_zone, created_at FROM orgs WHERE id = @id", new { id });
        return (org, inserted == 1);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex OrgIdPattern();
}
