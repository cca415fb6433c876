using System.Text.Json;
using Microsoft.Extensions.Options;
using Steward.Knowledge;
using Steward.Observability;
using Steward.Security;
using Steward.Storage;

namespace Steward.Hosting;

/// <summary>
/// Runs before the server accepts requests: apply migrations, enforce the production rules that need the database,
/// create the demo org on a first start, and start the metric listeners.
/// </summary>
internal sealed partial class StartupTasks(
    IServiceProvider services,
    IOptions<ServerOptions> server,
    IOptions<StorageOptions> storage,
    ILogger<StartupTasks> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<PrometheusExporter>();
        services.GetRequiredService<ProcessMetrics>();
        _ = services.GetRequiredService<Steward.Intents.IntentClassifier>().Model; // trained or loaded before the first request
        var database = services.GetRequiredService<Database>();
        LogStorage(logger, database.Description);
        if (storage.Value.AutoMigrate)
        {
            var applied = await services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
            foreach (var migration in applied)
            {
                LogMigrated(logger, migration.Version, migration.Name);
            }
        }

        if (server.Value.IsProduction)
        {
            await RefuseDemoPasswordAsync(cancellationToken);
        }
        else if (server.Value.DemoEnabled &&
                 await services.GetRequiredService<Initializer>().InitIfNewAsync(Initializer.DemoOrg, "Demo shop", demo: true, cancellationToken) is { } result)
        {
            await services.GetRequiredService<Initializer>().SeedDemoContentAsync(Initializer.DemoOrg, cancellationToken);
            var path = Path.GetFullPath(Path.Combine(storage.Value.DataDir, "demo-credentials.json"));
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true }), cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            LogDemoCreated(logger, path);
        }
    }

    private async Task RefuseDemoPasswordAsync(CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserStore>();
        foreach (var admin in await users.ListAdminsAsync(cancellationToken))
        {
            if (users.HasPassword(admin, SecurityOptions.DemoAdminPassword))
            {
                throw new OptionsValidationException(nameof(SecurityOptions), typeof(SecurityOptions),
                    [$"Admin '{admin.Username}' of org '{admin.OrgId}' still has the demo password: change it before running in production."]);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage: {Database}")]
    private static partial void LogStorage(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} {Name}")]
    private static partial void LogMigrated(ILogger logger, int version, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the demo org; its admin login and API key are in {Path}")]
    private static partial void LogDemoCreated(ILogger logger, string path);
}
