using Microsoft.Extensions.Options;
using Steward.Hosting;

namespace Steward.Inquiries.Sending;

/// <summary>
/// Once per <see cref="InquiryOptions.SenderInterval"/>, in the web server only: reconciles expired sends, then sends the
/// automatic replies until none is due. Any number of workers (in one process or on several instances sharing a
/// PostgreSQL database) may run: the claim makes each reply go out once.
/// </summary>
public sealed class SenderWorker(InquirySender sender, IOptions<InquiryOptions> options, TimeProvider time, ILogger<SenderWorker> logger)
    : PeriodicWorker(time, logger)
{
    protected override string Job => "Sending inquiry replies";

    protected override TimeSpan Interval => options.Value.SenderInterval;

    protected override bool Enabled => options.Value.SenderEnabled;

    protected override string EnabledSetting => "Steward:Inquiries:SenderEnabled";

    /// <summary>One pass: reconcile, then send until a claim comes back short of a full batch.</summary>
    protected override async Task TickAsync(CancellationToken cancellationToken)
    {
        await sender.ReconcileAsync(cancellationToken);
        while (await sender.SendDueAsync(cancellationToken) == options.Value.SenderBatchSize)
        {
        }
    }
}
