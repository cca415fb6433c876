using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Steward.Llm;

public enum LlmFailureKind
{
    /// <summary>The provider answered with an error status.</summary>
    Status,

    /// <summary>No answer: the connection failed or broke.</summary>
    Connection,

    /// <summary>An answer that is not an OpenAI-compatible response.</summary>
    InvalidResponse,
}

/// <summary>
/// One try at the provider failed. The adapter throws it; the resilience layer tries again when that can help (429, 408,
/// 5xx, connection failures) and turns what remains into <see cref="LlmQuotaExhaustedException"/> or
/// <see cref="LlmUnavailableException"/>. Any other 4xx reaches the caller as this exception, untouched: the request
/// itself is wrong (a bad key, an unknown model, a prompt too long), so another try cannot help. The message holds the
/// status and the provider's error code, never the provider's error text (it can quote the key or the prompt).
/// </summary>
public sealed class LlmRequestException : Exception
{
    public LlmRequestException(string provider, LlmFailureKind kind, int? statusCode, TimeSpan? retryAfter, string? errorCode, Exception? inner = null)
        : base(Describe(provider, kind, statusCode, errorCode), inner)
    {
        Provider = provider;
        Kind = kind;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
        ErrorCode = errorCode;
    }

    public string Provider { get; }

    public LlmFailureKind Kind { get; }

    public int? StatusCode { get; }

    /// <summary>The provider's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The provider's machine-readable error code or type (e.g. <c>invalid_api_key</c>), when it sent one.</summary>
    public string? ErrorCode { get; }

    public bool IsRateLimited => StatusCode == 429;

    /// <summary>Worth another try: rate limited, a server error, a request timeout, or no answer at all.</summary>
    public bool IsTransient => Kind == LlmFailureKind.Connection || StatusCode is 429 or 408 or >= 500;

    /// <summary><c>Retry-After</c> as seconds or an HTTP date (relative to <paramref name="now"/>); null when absent or unreadable.</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
        }

        return DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at > now ? at - now : TimeSpan.Zero
            : null;
    }

    /// <summary>The <c>code</c> (or <c>type</c>/<c>status</c>) of an OpenAI-style error body, also in Gemini's array form.</summary>
    public static string? ReadErrorCode(BinaryData? body)
    {
        if (body is null || body.IsEmpty)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement.ValueKind == JsonValueKind.Array && document.RootElement.GetArrayLength() > 0
                ? document.RootElement[0]
                : document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var name in new[] { "code", "type", "status" })
            {
                if (error.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                {
                    var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        return text.Length > 64 ? text[..64] : text;
                    }
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(string provider, LlmFailureKind kind, int? statusCode, string? errorCode) => kind switch
    {
        LlmFailureKind.Status => $"The AI provider '{provider}' answered {statusCode} ({(HttpStatusCode)(statusCode ?? 0)})"
            + (errorCode is null ? "." : $" with error code '{errorCode}'."),
        LlmFailureKind.Connection => $"The AI provider '{provider}' could not be reached.",
        _ => $"The AI provider '{provider}' sent a response that is not an OpenAI-compatible chat completion.",
    };
}
