using System.ComponentModel.DataAnnotations;

namespace Steward.Inquiries;

/// <summary>How inquiries arrive and are sent: board polling, the sender worker, reconciliation, and the Cafe24 reply API.</summary>
public sealed class InquiryOptions
{
    public const string Section = "Steward:Inquiries";

    /// <summary>Poll the orgs' shop boards for new questions in the web server. Default true.</summary>
    public bool PollEnabled { get; set; } = true;

    /// <summary>Time between two board polls. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Run the sender worker (automatic sends and reconciliation) in the web server. Default true.</summary>
    public bool SenderEnabled { get; set; } = true;

    /// <summary>Time between two sender ticks. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan SenderInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Inquiries one worker claims at a time. Default 50.</summary>
    [Range(1, 1000)]
    public int SenderBatchSize { get; set; } = 50;

    /// <summary>
    /// A send claimed longer ago than this and never committed (the process died, or the market's answer was lost) is
    /// reconciled: the market is asked whether the reply exists. <c>CS_LOCK_EXPIRY_MINUTES</c>; default 10 minutes. Must be
    /// far longer than a market call may take (<see cref="Cafe24Options.Timeout"/>), so a live send is never judged.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan LockExpiry { get; set; } = TimeSpan.FromMinutes(10);

    public Cafe24Options Cafe24 { get; set; } = new();
}

/// <summary>What every Cafe24 reply carries and how long a call may take; each mall's address and token are its connected account's.</summary>
public sealed class Cafe24Options
{
    /// <summary>How long one reply, check or board listing may take; past it a reply's outcome is unknown. Default 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Shown as the reply's writer. Default 관리자.</summary>
    public string Writer { get; set; } = "관리자";

    /// <summary>The reply's title. Default "답변드립니다".</summary>
    public string Title { get; set; } = "답변드립니다";

    /// <summary>Cafe24 requires a client_ip on every post.</summary>
    public string ClientIp { get; set; } = "127.0.0.1";
}
