using System.ComponentModel.DataAnnotations;

namespace Steward.Conversations.Sessions;

/// <summary>How long conversations live, how much of them a turn sees, and how many each instance keeps in memory.</summary>
public sealed class ConversationSessionOptions
{
    public const string Section = "Steward:Sessions";

    /// <summary>A session unused this long expires: it is no longer returned, and its id starts a new session. Default 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Turns (a question and its answer: two messages) kept in a session's context. Default 10.</summary>
    [Range(1, 100)]
    public int MaxTurnsInContext { get; set; } = 10;

    /// <summary>Sessions each instance keeps in memory (least recently used ones make room). Default 100,000.</summary>
    [Range(1, 10_000_000)]
    public int CacheCapacity { get; set; } = 100_000;

    /// <summary>Time between two removals of expired sessions in the web server. Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);
}
