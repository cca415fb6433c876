using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Steward.Hosting;

namespace Steward.Tests.Fixtures;

/// <summary>Steward's core services (no web server) over a test storage, as the command line builds them.</summary>
public static class Services
{
    public static IHost Build(TestStorage storage, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production, DisableDefaults = true });
        builder.AddStewardCore();
        builder.Configuration.AddInMemoryCollection(storage.Settings());
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Core services whose database already holds <paramref name="orgId"/> (migrated, with its admin).</summary>
    public static async Task<IHost> BuildWithOrgAsync(TestStorage storage, string orgId = "shop", Action<IServiceCollection>? configure = null)
    {
        var host = Build(storage, configure: configure);
        await host.Services.GetRequiredService<Initializer>().InitAsync(orgId, orgId, demo: false);
        return host;
    }
}
