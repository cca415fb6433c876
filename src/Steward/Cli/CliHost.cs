using Microsoft.Extensions.Options;
using Steward.Hosting;
using Steward.Observability;

namespace Steward.Cli;

/// <summary>Services for a command that does not serve HTTP: the same configuration, storage and stores as the server; logs go to stderr.</summary>
internal static class CliHost
{
    public static IHost Build()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        BufferedConsoleLoggerProvider.AddTo(builder.Logging, toStandardError: true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddStewardCore();
        return builder.Build();
    }

    /// <summary>Reads options so their validation runs now, turning a bad configuration into a readable exit.</summary>
    public static T Options<T>(this IHost host) where T : class => host.Services.GetRequiredService<IOptions<T>>().Value;
}
