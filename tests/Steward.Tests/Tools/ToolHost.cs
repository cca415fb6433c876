using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Steward.Commerce.Sandbox;
using Steward.Tests.Fixtures;
using Steward.Tools;

namespace Steward.Tests.Tools;

/// <summary>Core services over a fresh database holding org "shop" with its seeded sandbox shop, on a frozen clock.</summary>
internal sealed class ToolHost : IAsyncDisposable
{
    public const string Org = "shop";

    private readonly TestStorage _storage;
    private readonly IHost _host;

    private ToolHost(TestStorage storage, IHost host, FrozenClock clock)
    {
        _storage = storage;
        _host = host;
        Clock = clock;
    }

    public FrozenClock Clock { get; }

    public IServiceProvider Services => _host.Services;

    public ToolInvoker Invoker => Services.GetRequiredService<ToolInvoker>();

    public ToolCallLedger Ledger => Services.GetRequiredService<ToolCallLedger>();

    public static async Task<ToolHost> StartAsync(string backend)
    {
        var storage = await Backends.CreateAsync(backend);
        var clock = FrozenClock.MidWindow();
        var host = await Fixtures.Services.BuildWithOrgAsync(storage, Org, services => FrozenClock.Install(services, clock));
        await host.Services.GetRequiredService<SandboxSeeder>().SeedAsync(Org);
        return new ToolHost(storage, host, clock);
    }

    public Task<ToolCallOutcome> CallAsync(
        string tool, object? arguments = null, ToolCallMode mode = ToolCallMode.Interactive, string? sessionId = null, string? botContext = null) =>
        Invoker.InvokeAsync(new ToolCallRequest(Org, tool, arguments is null ? null : JsonSerializer.SerializeToElement(arguments),
            new ToolCaller("user", "tester"), mode, sessionId, botContext is null ? null : JsonDocument.Parse(botContext).RootElement), CancellationToken.None);

    public Task SetPolicyAsync(string tool, ToolPolicy policy) =>
        Services.GetRequiredService<ToolPolicyStore>().SetAsync(Org, tool, policy, new Audit.AuditActor("user", "tester"), CancellationToken.None);

    public async Task<ToolCallEntry> LastCallAsync() => (await Ledger.QueryAsync(Org, new ToolCallQuery(Limit: 1), CancellationToken.None)).Single();

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await _storage.DisposeAsync();
    }
}
