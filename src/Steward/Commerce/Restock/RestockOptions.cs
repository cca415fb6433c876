using System.ComponentModel.DataAnnotations;

namespace Steward.Commerce.Restock;

/// <summary>When Steward checks whether sold-out products are back and tells the customers waiting for them.</summary>
public sealed class RestockOptions
{
    public const string Section = "Steward:Restock";

    /// <summary>Run the periodic dispatch in the web server. Default true; the dispatch endpoint works either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between two periodic dispatches. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A subscription claimed for sending longer ago than this, and never completed (the process died mid-send), is checked
    /// again: completed if its notification was recorded, otherwise released to be sent. At least 5 minutes, far longer
    /// than any send may take (the webhook's timeout is at most 1 minute), so a live send is never taken over.
    /// </summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(15);
}
