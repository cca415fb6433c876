using Microsoft.Extensions.Options;

namespace Steward.Inquiries.Ingestion;

/// <summary>
/// Polls every org's shop boards for new questions once per <see cref="InquiryOptions.PollInterval"/>, in the web server
/// only. A failed tick is logged as Critical and the next tick tries again.
/// </summary>
public sealed partial class BoardPollWorker(BoardInquiryPoller poller, IOptions<InquiryOptions> options, TimeProvider time, ILogger<BoardPollWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.PollEnabled)
        {
            LogDisabled(logger);
            return;
        }

        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await poller.PollAllAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogTickFailed(logger, ex, options.Value.PollInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Board polling is turned off (Steward:Inquiries:PollEnabled = false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Polling the shops' boards for inquiries failed; trying again in {Interval}")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, TimeSpan interval);
}
