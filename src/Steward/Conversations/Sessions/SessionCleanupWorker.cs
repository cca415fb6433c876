using Microsoft.Extensions.Options;

namespace Steward.Conversations.Sessions;

/// <summary>
/// Removes expired sessions once per <see cref="ConversationSessionOptions.CleanupInterval"/>, in the web server only. Their turns
/// stay (the audit trail). Each tick gets its own DI scope; a failed tick is logged as Critical and the next tick tries
/// again. Several instances may run it at once: deleting an already deleted row is nothing.
/// </summary>
internal sealed partial class SessionCleanupWorker(
    IServiceScopeFactory scopes, IOptions<ConversationSessionOptions> options, TimeProvider time, ILogger<SessionCleanupWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
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
            var removed = await scope.ServiceProvider.GetRequiredService<SessionStore>().RemoveExpiredAsync(stoppingToken);
            if (removed > 0)
            {
                LogRemoved(logger, removed);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogTickFailed(logger, ex, options.Value.CleanupInterval);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} expired conversation sessions")]
    private static partial void LogRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Removing expired conversation sessions failed; trying again in {Interval}")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, TimeSpan interval);
}
