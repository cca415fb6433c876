using Microsoft.Extensions.Options;
using Steward.Hosting;

namespace Steward.Inquiries.Ingestion;

/// <summary>Polls every org's shop boards and connected accounts for new questions once per <see cref="InquiryOptions.PollInterval"/>, in the web server only.</summary>
public sealed class BoardPollWorker(BoardInquiryPoller poller, IOptions<InquiryOptions> options, TimeProvider time, ILogger<BoardPollWorker> logger)
    : PeriodicWorker(time, logger)
{
    protected override string Job => "Polling the boards for inquiries";

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override bool Enabled => options.Value.PollEnabled;

    protected override string EnabledSetting => "Steward:Inquiries:PollEnabled";

    protected override Task TickAsync(CancellationToken cancellationToken) => poller.PollAllAsync(cancellationToken);
}
