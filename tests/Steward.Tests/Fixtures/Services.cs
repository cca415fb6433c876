using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Steward.Hosting;

namespace Steward.Tests.Fixtures;

/// <summary>Steward's core services (no web server) over a test storage, as the command line builds them.</summary>
public static class Services
{
    public static IHost Build(TestStorage storage, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production, DisableDefaults = true });
        builder.AddStewardCore();
        builder.Configuration.AddInMemoryCollection(storage.Settings());
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        return builder.Build();
    }
}
