using Microsoft.Extensions.Hosting;
using Steward.Guardian;
using Steward.Hosting;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Guardian;

/// <summary>Core services on a test backend with a frozen clock and one org, "shop": outcomes go in through SendFinishedAsync.</summary>
public sealed class GuardianHarness : IAsyncDisposable
{
    private readonly TestStorage _storage;
    private readonly IHost _host;
    private int _sends;

    private GuardianHarness(TestStorage storage, IHost host, FrozenClock clock)
    {
        _storage = storage;
        _host = host;
        Clock = clock;
    }

    public FrozenClock Clock { get; }

    public GuardianService Guardian => _host.Services.GetRequiredService<GuardianService>();

    public IServiceProvider Services => _host.Services;

    public static async Task<GuardianHarness> StartAsync(string backend, Action<GuardianOptions>? configure = null)
    {
        var storage = await Backends.CreateAsync(backend);
        var clock = FrozenClock.MidWindow();
        var host = await Fixtures.Services.BuildWithOrgAsync(storage, "shop", services =>
        {
            FrozenClock.Install(services, clock);
            services.Configure<GuardianOptions>(options => configure?.Invoke(options));
        });
        return new GuardianHarness(storage, host, clock);
    }

    public Task AddOrgAsync(string orgId) => Services.GetRequiredService<Initializer>().InitAsync(orgId, orgId, demo: false);

    public Task SendAsync(string account, bool succeeded, string org = "shop") =>
        Guardian.SendFinishedAsync(
            new SendOutcome(org, "sandbox", account, $"inq-{Interlocked.Increment(ref _sends)}", succeeded, succeeded ? null : "market said 500", Clock.GetUtcNow()),
            CancellationToken.None);

    /// <summary>Many sends, each on its own account, so no per-account rule can fire.</summary>
    public async Task SpreadAsync(int count, bool succeeded, string org = "shop")
    {
        for (var i = 0; i < count; i++)
        {
            await SendAsync($"spread-{Interlocked.Increment(ref _sends)}", succeeded, org);
        }
    }

    public async Task RepeatAsync(string account, int count, bool succeeded, string org = "shop")
    {
        for (var i = 0; i < count; i++)
        {
            await SendAsync(account, succeeded, org);
        }
    }

    public Task<GuardianSnapshot> SnapshotAsync(string org = "shop") => Guardian.SnapshotAsync(org, CancellationToken.None);

    public async Task<IReadOnlyList<GuardianEvent>> EventsAsync(string org = "shop") => (await Guardian.StateAsync(org, CancellationToken.None)).History;

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await _storage.DisposeAsync();
    }
}
