using System.ComponentModel.DataAnnotations;

namespace Steward.Security.RateLimiting;

/// <summary>Request budgets. Each applies per API key (or logged-in user) and, separately, per client IP.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Steward:RateLimits";

    /// <summary><c>ask</c> policy: calls per minute (<c>RATE_LIMIT_PER_MINUTE</c>). Default 10.</summary>
    [Range(1, 1_000_000)]
    public int AskPerMinute { get; set; } = 10;

    /// <summary><c>ask</c> policy: calls per hour (<c>RATE_LIMIT_PER_HOUR</c>). Default 100.</summary>
    [Range(1, 10_000_000)]
    public int AskPerHour { get; set; } = 100;

    /// <summary><c>api</c> policy (every other <c>/api</c> endpoint): calls per minute. Default 600.</summary>
    [Range(1, 10_000_000)]
    public int ApiPerMinute { get; set; } = 600;

    /// <summary><c>login</c> policy: attempts per minute per client IP and per account name. Default 10.</summary>
    [Range(1, 1_000_000)]
    public int LoginPerMinute { get; set; } = 10;
}
