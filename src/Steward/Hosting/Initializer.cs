using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Steward.Audit;
using Steward.Commerce.Sandbox;
using Steward.Knowledge;
using Steward.Security;
using Steward.Storage;

namespace Steward.Hosting;

public sealed record InitResult(string Org, string AdminUser, string? AdminPassword, string ApiKey, bool OrgCreated, bool AdminCreated);

/// <summary>
/// <c>steward init</c> and the demo's first start: migrate, ensure the org and its <c>admin</c> user, issue an admin API
/// key. Idempotent: running it again creates no second org or user, and issues a fresh key (keys are shown only once).
/// </summary>
public sealed class Initializer(
    Migrator migrator, OrgStore orgs, UserStore users, ApiKeyStore keys, IOptions<SecurityOptions> security, KnowledgeStore knowledge, SandboxSeeder sandbox)
{
    public const string DemoOrg = "demo";
    public const string AdminUser = "admin";

    public async Task<InitResult> InitAsync(string orgId, string orgName, bool demo, CancellationToken cancellationToken = default) =>
        (await InitAsync(orgId, orgName, demo, onlyIfNew: false, cancellationToken))!;

    /// <summary>
    /// Like <see cref="InitAsync(string, string, bool, CancellationToken)"/>, but returns null and changes nothing when the
    /// org exists: of several instances starting together on one database, exactly one creates the demo and its key.
    /// </summary>
    public Task<InitResult?> InitIfNewAsync(string orgId, string orgName, bool demo, CancellationToken cancellationToken = default) =>
        InitAsync(orgId, orgName, demo, onlyIfNew: true, cancellationToken);

    /// <summary>The demo's content: the demo shop's knowledge base and its sandbox shop. Idempotent.</summary>
    public async Task SeedDemoContentAsync(string orgId, CancellationToken cancellationToken = default)
    {
        await knowledge.ImportDemoAsync(orgId, cancellationToken);
        await sandbox.SeedAsync(orgId, ct: cancellationToken);
    }

    private async Task<InitResult?> InitAsync(string orgId, string orgName, bool demo, bool onlyIfNew, CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        var (org, orgCreated) = await orgs.EnsureAsync(orgId, orgName, cancellationToken);
        if (onlyIfNew && !orgCreated)
        {
            return null;
        }

        var password = security.Value.AdminPassword is { Length: > 0 } configured
            ? configured
            : demo ? SecurityOptions.DemoAdminPassword : Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var (admin, adminCreated) = await users.EnsureAsync(org.Id, AdminUser, password, Roles.Admin, cancellationToken);
        var issued = await keys.CreateAsync(org.Id, "init", Roles.Admin, AuditActor.Cli, cancellationToken);
        return new InitResult(org.Id, admin.Username, users.HasPassword(admin, password) ? password : null, issued.Key, orgCreated, adminCreated);
    }
}
