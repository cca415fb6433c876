using Microsoft.Extensions.Hosting;
using Steward.Commerce;
using Steward.Commerce.Restock;
using Steward.Commerce.Sandbox;
using Steward.Hosting;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Commerce;

/// <summary>
/// Steward's core services over a fresh database holding org <see cref="Org"/> (named 데모샵) with its sandbox shop seeded,
/// and <see cref="ProductNo"/> made sold out.
/// </summary>
internal sealed class RestockTestHost : IAsyncDisposable
{
    public const string Org = "shop";
    public const long ProductNo = 1001;

    private readonly TestStorage _storage;
    private readonly IHost _host;

    private RestockTestHost(TestStorage storage, IHost host, ICommerceBackend shop)
    {
        _storage = storage;
        _host = host;
        Shop = shop;
    }

    public IServiceProvider Services => _host.Services;

    public ICommerceBackend Shop { get; }

    public RestockDispatcher Dispatcher => Services.GetRequiredService<RestockDispatcher>();

    public static async Task<RestockTestHost> StartAsync(
        string backend, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var storage = await Backends.CreateAsync(backend);
        var host = Fixtures.Services.Build(storage, settings, configure);
        await host.Services.GetRequiredService<Initializer>().InitAsync(Org, "데모샵", demo: false);
        await host.Services.GetRequiredService<SandboxSeeder>().SeedAsync(Org);
        var shop = await host.Services.GetRequiredService<ICommerceBackendResolver>().ForOrgAsync(Org, CancellationToken.None);
        Assert.True(await shop.SetStockAsync(ProductNo, 0, CancellationToken.None));
        return new RestockTestHost(storage, host, shop);
    }

    public async Task<RestockSubscription> SubscribeAsync(string phone, long productNo = ProductNo) =>
        (await Services.GetRequiredService<RestockSubscriptions>().SubscribeAsync(Org, productNo, phone, null, CancellationToken.None)).Subscription;

    public async Task<IReadOnlyList<SentNotification>> NotificationsAsync() =>
        await Services.GetRequiredService<NotificationStore>().ListAsync(Org, NotificationStore.MaxPageSize, 0, CancellationToken.None);

    public async Task<IReadOnlyList<RestockSubscription>> SubscriptionsAsync(bool waitingOnly = false) =>
        await Services.GetRequiredService<RestockSubscriptions>().ListAsync(Org, waitingOnly, 1000, CancellationToken.None);

    public Task<RestockDispatchResult> DispatchAsync(long? productNo = null) => Dispatcher.DispatchAsync(Org, productNo, CancellationToken.None);

    public async Task RestockAsync(long stock = 5, long productNo = ProductNo) =>
        Assert.True(await Shop.SetStockAsync(productNo, stock, CancellationToken.None));

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await _storage.DisposeAsync();
    }
}
