using Microsoft.Extensions.Options;
using Steward.Hosting;

namespace Steward.Conversations.Sessions;

/// <summary>
/// Removes expired sessions once per <see cref="ConversationSessionOptions.CleanupInterval"/>, in the web server only. Their turns
/// stay (the audit trail). Each tick gets its own DI scope. Several instances may run it at once: deleting an already
/// deleted row is nothing.
/// </summary>
internal sealed partial class SessionCleanupWorker(
    IServiceScopeFactory scopes, IOptions<ConversationSessionOptions> options, TimeProvider time, ILogger<SessionCleanupWorker> logger)
    : PeriodicWorker(time, logger)
{
    protected override string Job => "Removing expired conversation sessions";

    protected override TimeSpan Interval => options.Value.CleanupInterval;

    protected override async Task TickAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var removed = await scope.ServiceProvider.GetRequiredService<SessionStore>().RemoveExpiredAsync(cancellationToken);
        if (removed > 0)
        {
            LogRemoved(logger, removed);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} expired conversation sessions")]
    private static partial void LogRemoved(ILogger logger, int count);
}
