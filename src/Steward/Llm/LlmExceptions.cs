namespace Steward.Llm;

/// <summary>The provider keeps answering 429 after the retries: the org's AI quota is used up for now.</summary>
public sealed class LlmQuotaExhaustedException(string provider, TimeSpan? retryAfter, Exception? inner = null)
    : Exception($"The AI provider '{provider}' refused further requests (quota or rate limit).", inner)
{
    public string Provider { get; } = provider;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The provider is down, timing out, or its circuit is open: answer without it.</summary>
public sealed class LlmUnavailableException(string provider, string reason, Exception? inner = null)
    : Exception($"The AI provider '{provider}' is unavailable: {reason}", inner)
{
    public string Provider { get; } = provider;
}
