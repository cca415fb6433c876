using System.ComponentModel.DataAnnotations;

namespace Steward.Llm;

/// <summary>
/// Which OpenAI-compatible Chat Completions endpoint the LLM responder uses, and how hard Steward tries to reach it.
/// The LLM is off (<c>none</c>) unless <see cref="Provider"/> names one: a key alone never turns it on, so setting
/// <c>OPENAI_API_KEY</c> for another tool cannot start spending quota.
/// </summary>
public sealed class LlmOptions : IValidatableObject
{
    public const string Section = "Steward:Llm";

    public const string None = "none";
    public const string OpenAi = "openai";
    public const string Gemini = "gemini";
    public const string Compatible = "compatible";

    public static readonly IReadOnlyList<string> Providers = [None, OpenAi, Gemini, Compatible];

    /// <summary><c>none</c> (default: the embedded responder only), <c>openai</c>, <c>gemini</c> (its OpenAI-compatible endpoint) or <c>compatible</c> (vLLM, Ollama, llama.cpp, …).</summary>
    public string Provider { get; set; } = None;

    /// <summary>The API root that <c>/chat/completions</c> and <c>/models</c> hang off. Defaults per provider; required for <c>compatible</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The model to ask. Defaults: <c>gpt-4o-mini</c> (openai), <c>gemini-2.0-flash</c> (gemini); required for <c>compatible</c>.</summary>
    public string? Model { get; set; }

    /// <summary>OpenAI's key (<c>OPENAI_API_KEY</c>). Never logged or shown.</summary>
    public string? OpenAiApiKey { get; set; }

    /// <summary>Gemini's key (<c>GEMINI_API_KEY</c>). Never logged or shown.</summary>
    public string? GeminiApiKey { get; set; }

    /// <summary>The key for a <c>compatible</c> server (optional: a local Ollama needs none); also overrides the provider's own key when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Longest wait for one try (for a streamed answer: for the first chunk, then between chunks). Default 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for an answer to start, every try and backoff included. Default 15 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Tries per request, the first included (only 429, 5xx, timeouts and connection failures are tried again). Default 3.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Backoff: before try n (n ≥ 2) a random wait up to this × 2ⁿ⁻² ("full jitter"), unless the provider sent <c>Retry-After</c>. Default 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Circuit breaker: share of failed tries within <see cref="CircuitSamplingDuration"/> that opens the circuit. Default 0.5.</summary>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Circuit breaker: tries needed within the sampling window before it may open. Default 6 (two requests' worth of tries).</summary>
    [Range(2, 10_000)]
    public int CircuitMinimumThroughput { get; set; } = 6;

    /// <summary>Circuit breaker: the window over which failures are counted. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Circuit breaker: how long an open circuit fails requests at once before one is let through. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the health check reuses its probe of <c>GET {BaseUrl}/models</c>. Default 10 minutes, 5 to 15.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "00:15:00")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMinutes(10);

    public bool IsEnabled => ProviderName != None;

    /// <summary>The provider's name in lower case, as it appears in metrics, usage rows and the responder's name; empty reads as <c>none</c> (a blank line in a <c>.env</c> file).</summary>
    public string ProviderName => string.IsNullOrWhiteSpace(Provider) ? None : Provider.Trim().ToLowerInvariant();

    public string? EffectiveBaseUrl => !string.IsNullOrWhiteSpace(BaseUrl) ? BaseUrl.Trim() : ProviderName switch
    {
        OpenAi => "https://api.openai.com/v1",
        Gemini => "https://generativelanguage.googleapis.com/v1beta/openai/",
        _ => null,
    };

    public string? EffectiveModel => !string.IsNullOrWhiteSpace(Model) ? Model.Trim() : ProviderName switch
    {
        OpenAi => "gpt-4o-mini",
        Gemini => "gemini-2.0-flash",
        _ => null,
    };

    public string? EffectiveApiKey
    {
        get
        {
            var specific = ProviderName switch
            {
                OpenAi => OpenAiApiKey,
                Gemini => GeminiApiKey,
                _ => null,
            };
            return !string.IsNullOrWhiteSpace(ApiKey) ? ApiKey.Trim() : string.IsNullOrWhiteSpace(specific) ? null : specific.Trim();
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Providers.Contains(ProviderName))
        {
            yield return new ValidationResult(
                $"{Section}:Provider: '{Provider}' is not one of {string.Join(", ", Providers)}.", [nameof(Provider)]);
            yield break;
        }

        if (!IsEnabled)
        {
            yield break;
        }

        if (!(Uri.TryCreate(EffectiveBaseUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult(
                $"{Section}:BaseUrl: '{EffectiveBaseUrl}' is not an absolute http or https URL (required for provider '{ProviderName}').", [nameof(BaseUrl)]);
        }

        if (EffectiveModel is null)
        {
            yield return new ValidationResult($"{Section}:Model is required for provider '{ProviderName}'.", [nameof(Model)]);
        }

        if (EffectiveApiKey is null && ProviderName is OpenAi or Gemini)
        {
            var variable = ProviderName == OpenAi ? "OPENAI_API_KEY" : "GEMINI_API_KEY";
            yield return new ValidationResult(
                $"{Section}:Provider is '{ProviderName}' but no API key is set: set {variable} (or {Section}:ApiKey).", [nameof(ApiKey)]);
        }

        if (TotalTimeout < RequestTimeout)
        {
            yield return new ValidationResult(
                $"{Section}:TotalTimeout ({TotalTimeout}) is shorter than {Section}:RequestTimeout ({RequestTimeout}).", [nameof(TotalTimeout)]);
        }
    }
}
