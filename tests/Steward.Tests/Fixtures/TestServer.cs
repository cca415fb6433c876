using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Steward.Hosting;

namespace Steward.Tests.Fixtures;

/// <summary>
/// A real Steward on a real Kestrel socket at 127.0.0.1 (random port), on its own fresh database, with the demo org
/// initialised. Requests go over HTTP so the whole middleware stack runs exactly as in production.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestStorage? _ownedStorage;
    private bool _disposed;

    private TestServer(WebApplication app, TestStorage storage, TestStorage? ownedStorage, InitResult demo)
    {
        _app = app;
        Storage = storage;
        _ownedStorage = ownedStorage;
        Demo = demo;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Client = CreateClient(demo.ApiKey);
    }

    public TestStorage Storage { get; }

    public InitResult Demo { get; }

    public Uri BaseAddress { get; }

    /// <summary>Authenticated as the demo org's admin API key.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestServer> StartAsync(
        string backend,
        IDictionary<string, string?>? settings = null,
        Action<WebApplication>? mapExtra = null,
        TestStorage? sharedStorage = null,
        Action<IServiceCollection>? services = null,
        IEnumerable<string>? args = null)
    {
        var storage = sharedStorage ?? await Backends.CreateAsync(backend);
        var config = storage.Settings();
        config["Steward:Server:Demo"] = "false";
        config["Logging:LogLevel:Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        // Settings that decide what gets registered (e.g. Steward:Llm:Provider) must be there before the services are added:
        // pass them as command-line arguments (--Steward:Llm:Provider=compatible).
        var app = StewardWebApp.Build(
            ["--urls", "http://127.0.0.1:0", .. args ?? []],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(config);
                services?.Invoke(builder.Services);
            },
            mapExtra);
        await app.StartAsync();
        var demo = await app.Services.GetRequiredService<Initializer>().InitAsync(Initializer.DemoOrg, "Demo shop", demo: true);
        return new TestServer(app, storage, sharedStorage is null ? storage : null, demo);
    }

    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Creates another org with an admin key, for isolation tests.</summary>
    public async Task<string> CreateOrgAsync(string orgId, string role = "admin")
    {
        var init = await Services.GetRequiredService<Initializer>().InitAsync(orgId, orgId, demo: false);
        if (role == "admin")
        {
            return init.ApiKey;
        }

        return await CreateKeyAsync(role, orgId);
    }

    public async Task<string> CreateKeyAsync(string role, string org = Initializer.DemoOrg)
    {
        var issued = await Services.GetRequiredService<Steward.Security.ApiKeyStore>().CreateAsync(org, $"test {role}", role, Steward.Audit.AuditActor.System);
        return issued.Key;
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<T>() ?? throw new InvalidOperationException("empty body");

    /// <summary>Idempotent, so a test can stop a server (to see what its clients do then) before its own disposal.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownedStorage is not null)
        {
            await _ownedStorage.DisposeAsync();
        }
    }
}
