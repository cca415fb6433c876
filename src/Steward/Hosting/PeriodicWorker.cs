namespace Steward.Hosting;

/// <summary>
/// A background job of the web server: <see cref="TickAsync"/> once per <see cref="Interval"/> (on the injected clock),
/// unless <see cref="Enabled"/> is false. A failed tick is logged as Critical and the next tick tries again; stopping
/// the host ends the loop quietly.
/// </summary>
public abstract partial class PeriodicWorker(TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>What the job does, for the log ("Sending inquiry replies").</summary>
    protected abstract string Job { get; }

    protected abstract TimeSpan Interval { get; }

    protected virtual bool Enabled => true;

    /// <summary>The setting that turns the job off, named in the log when it is off.</summary>
    protected virtual string? EnabledSetting => null;

    protected abstract Task TickAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            LogDisabled(logger, Job, EnabledSetting ?? "");
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await TickAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogTickFailed(logger, ex, Job, Interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} is turned off ({Setting} = false)")]
    private static partial void LogDisabled(ILogger logger, string job, string setting);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Job} failed; trying again in {Interval}")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, string job, TimeSpan interval);
}
