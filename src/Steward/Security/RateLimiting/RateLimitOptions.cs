using System.ComponentModel.DataAnnotations;

namespace Steward.Security.RateLimiting;

/// <summary>
/// Request budgets, per API key (or logged-in user) and per client IP. Behind a reverse proxy, list it in
/// <c>Steward:Server:TrustedProxies</c> so the client IP is the caller's, not the proxy's.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Steward:RateLimits";

    /// <summary><c>ask</c> policy: calls per minute (<c>RATE_LIMIT_PER_MINUTE</c>). Default 10.</summary>
    [Range(1, 1_000_000)]
    public int AskPerMinute { get; set; } = 10;

    /// <summary><c>ask</c> policy: calls per hour (<c>RATE_LIMIT_PER_HOUR</c>). Default 100.</summary>
    [Range(1, 10_000_000)]
    public int AskPerHour { get; set; } = 100;

    /// <summary><c>api</c> policy (every other <c>/api</c> endpoint): calls per minute per API key or user. Default 600.</summary>
    [Range(1, 10_000_000)]
    public int ApiPerMinute { get; set; } = 600;

    /// <summary><c>api</c> policy: calls per minute per client IP, all callers together (several keys may share an office or a backend). Default 3000.</summary>
    [Range(1, 100_000_000)]
    public int ApiPerMinutePerIp { get; set; } = 3000;

    /// <summary><c>login</c> policy: attempts per minute per client IP. Default 10.</summary>
    [Range(1, 1_000_000)]
    public int LoginPerMinute { get; set; } = 10;
}
