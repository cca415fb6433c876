using Dapper;
using Microsoft.Extensions.Hosting;
using Steward.Commerce;
using Steward.Commerce.Sandbox;
using Steward.Security;
using Steward.Storage;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Commerce;

/// <summary>
/// Two seeded sandbox shops in one database per storage backend, built once per test class: <c>shop</c> (seed 2026) and
/// <c>other</c> (seed 7). Tests that change rows compare with the database in the same test, so their order does not matter.
/// </summary>
public sealed class SandboxShopFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 30, 30, TimeSpan.Zero);

    private readonly Dictionary<string, Task<SandboxShop>> _shops = [];

    public Task<SandboxShop> ShopAsync(string backend)
    {
        lock (_shops)
        {
            if (!_shops.TryGetValue(backend, out var shop))
            {
                _shops[backend] = shop = SandboxShop.CreateAsync(backend);
            }

            return shop;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var shop in _shops.Values)
        {
            await (await shop).DisposeAsync();
        }
    }
}

public sealed class SandboxShop : IAsyncDisposable
{
    public const string Org = "shop";
    public const string OtherOrg = "other";

    private readonly TestStorage _storage;
    private readonly IHost _host;

    private SandboxShop(TestStorage storage, IHost host)
    {
        _storage = storage;
        _host = host;
        Database = host.Services.GetRequiredService<Database>();
    }

    public Database Database { get; }

    public static async Task<SandboxShop> CreateAsync(string backend)
    {
        var storage = await Backends.CreateAsync(backend);
        var host = await Fixtures.Services.BuildWithOrgAsync(storage, Org);
        await host.Services.GetRequiredService<OrgStore>().EnsureAsync(OtherOrg, "Other");
        var seeder = new SandboxSeeder(host.Services.GetRequiredService<Database>(), new FrozenClock(SandboxShopFixture.Now));
        await seeder.SeedAsync(Org);
        await seeder.SeedAsync(OtherOrg, seed: 7);
        return new SandboxShop(storage, host);
    }

    /// <summary>The org's backend, as the application resolves it.</summary>
    public async Task<ICommerceBackend> BackendAsync(string orgId = Org) =>
        await _host.Services.GetRequiredService<ICommerceBackendResolver>().ForOrgAsync(orgId, CancellationToken.None);

    /// <summary>The truth to compare with: raw SQL over the sandbox tables.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<T>(sql, args)).ToList();
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await _storage.DisposeAsync();
    }
}
