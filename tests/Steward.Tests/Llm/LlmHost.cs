using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Steward.Commerce.Sandbox;
using Steward.Hosting;
using Steward.Storage;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Llm;

/// <summary>
/// Core services (as the command line builds them) over a fresh database holding org "shop" with its seeded sandbox,
/// with the LLM pointed at a <see cref="FakeOpenAi"/>. The LLM settings are in the configuration before the services are
/// added, as they are in production (appsettings, environment), because the provider decides what is registered.
/// </summary>
internal sealed class LlmHost : IAsyncDisposable
{
    public const string Org = "shop";

    private readonly TestStorage _storage;
    private readonly IHost _host;

    private LlmHost(TestStorage storage, IHost host, FakeOpenAi fake)
    {
        _storage = storage;
        _host = host;
        Fake = fake;
    }

    public FakeOpenAi Fake { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<LlmHost> StartAsync(string backend, IDictionary<string, string?>? settings = null)
    {
        var fake = await FakeOpenAi.StartAsync();
        var storage = await Backends.CreateAsync(backend);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(storage.Settings()).AddInMemoryCollection(Settings(fake, settings));
        builder.AddStewardCore();
        var host = builder.Build();
        await host.Services.GetRequiredService<Initializer>().InitAsync(Org, Org, demo: false);
        await host.Services.GetRequiredService<SandboxSeeder>().SeedAsync(Org);
        return new LlmHost(storage, host, fake);
    }

    /// <summary>Configuration for a <c>compatible</c> provider at <paramref name="fake"/>, with quick backoff.</summary>
    public static Dictionary<string, string?> Settings(FakeOpenAi fake, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Steward:Llm:Provider"] = "compatible",
            ["Steward:Llm:BaseUrl"] = fake.BaseUrl,
            ["Steward:Llm:Model"] = FakeOpenAi.Model,
            ["Steward:Llm:ApiKey"] = "sk-test-secret-key",
            ["Steward:Llm:RetryBaseDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public async Task<string> AnOrderIdAsync()
    {
        await using var connection = await Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT order_id FROM sandbox_orders WHERE org_id = @Org ORDER BY order_id LIMIT 1", new { Org }) ?? "";
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await _storage.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
