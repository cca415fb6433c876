using Microsoft.Extensions.Options;

namespace Steward.Commerce.Restock;

/// <summary>
/// Dispatches every org's waiting restock subscriptions once per <see cref="RestockOptions.Interval"/>, in the web server
/// only. Each tick gets its own DI scope; a failed tick is logged as Critical and the next tick tries again.
/// </summary>
internal sealed partial class RestockDispatchWorker(
    IServiceScopeFactory scopes, IOptions<RestockOptions> options, TimeProvider time, ILogger<RestockDispatchWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TickAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RestockDispatcher>().DispatchAllAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogTickFailed(logger, ex, options.Value.Interval);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Periodic restock dispatch is turned off (Steward:Restock:Enabled = false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Periodic restock dispatch failed; trying again in {Interval}")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, TimeSpan interval);
}
