using Dapper;
using Microsoft.AspNetCore.Identity;
using Steward.Storage;

namespace Steward.Security;

public sealed record StewardUser(
    string Id, string OrgId, string Username, string PasswordHash, string Role, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt);

/// <summary>People who log in to the admin UI. Passwords are hashed with ASP.NET Core Identity's PBKDF2 hasher.</summary>
public sealed class UserStore(Database database, IPasswordHasher<StewardUser> hasher, TimeProvider time)
{
    private const string Columns = "id, org_id, username, password_hash, role, created_at, disabled_at";

    public async Task<StewardUser?> FindAsync(string orgId, string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StewardUser>(
            $"SELECT {Columns} FROM users WHERE org_id = @orgId AND username = @username", new { orgId, username });
    }

    /// <summary>Creates the user unless one with that name exists in the org; returns (user, created).</summary>
    public async Task<(StewardUser User, bool Created)> EnsureAsync(
        string orgId, string username, string password, string role, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(orgId, username, cancellationToken) is { } existing)
        {
            return (existing, false);
        }

        var placeholder = new StewardUser(Guid.CreateVersion7().ToString("n"), orgId, username, "", role, time.GetUtcNow(), null);
        var user = placeholder with { PasswordHash = hasher.HashPassword(placeholder, password) };
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO users (id, org_id, username, password_hash, role, created_at)
            VALUES (@Id, @OrgId, @Username, @PasswordHash, @Role, @CreatedAt)
            ON CONFLICT (org_id, username) DO NOTHING
            """,
            user);
        return inserted == 1 ? (user, true) : (await FindAsync(orgId, username, cancellationToken) ?? user, false);
    }

    /// <summary>The user if the password is right and the account active; upgrades an outdated hash on the way.</summary>
    public async Task<StewardUser?> VerifyAsync(string orgId, string username, string password, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(orgId, username, cancellationToken);
        if (user is null || user.DisabledAt is not null)
        {
            return null;
        }

        var result = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await SetPasswordAsync(user, password, cancellationToken);
        }

        return result == PasswordVerificationResult.Failed ? null : user;
    }

    public bool HasPassword(StewardUser user, string password) =>
        hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    public async Task<IReadOnlyList<StewardUser>> ListAdminsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<StewardUser>(
            $"SELECT {Columns} FROM users WHERE role = @role AND disabled_at IS NULL", new { role = Roles.Admin })).ToList();
    }

    public async Task SetPasswordAsync(StewardUser user, string password, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE users SET password_hash = @hash WHERE id = @id AND org_id = @orgId",
            new { hash = hasher.HashPassword(user, password), id = user.Id, orgId = user.OrgId });
    }
}
