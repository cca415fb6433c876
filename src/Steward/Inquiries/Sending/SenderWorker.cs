using Microsoft.Extensions.Options;

namespace Steward.Inquiries.Sending;

/// <summary>
/// Once per <see cref="InquiryOptions.SenderInterval"/>, in the web server only: reconciles expired sends, then sends the
/// automatic replies until none is due. Any number of workers (in one process or on several instances sharing a
/// PostgreSQL database) may run: the claim makes each reply go out once. A failed tick is logged as Critical.
/// </summary>
public sealed partial class SenderWorker(InquirySender sender, IOptions<InquiryOptions> options, TimeProvider time, ILogger<SenderWorker> logger)
    : BackgroundService
{
    /// <summary>One pass: reconcile, then send until a claim comes back short of a full batch.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await sender.ReconcileAsync(cancellationToken);
        while (await sender.SendDueAsync(cancellationToken) == options.Value.SenderBatchSize)
        {
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SenderEnabled)
        {
            LogDisabled(logger);
            return;
        }

        using var timer = new PeriodicTimer(options.Value.SenderInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogTickFailed(logger, ex, options.Value.SenderInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The inquiry sender is turned off (Steward:Inquiries:SenderEnabled = false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Sending inquiry replies failed; trying again in {Interval}")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, TimeSpan interval);
}
