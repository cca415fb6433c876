using Microsoft.Extensions.Options;

namespace Steward.Llm;

/// <summary>
/// What the conversation pipeline needs to know about the configured model provider, without touching it: whether
/// there is one (<see cref="IsEnabled"/>; when false neither <c>IChatClient</c> nor the LLM responder is registered),
/// its name and model. Never holds or shows the key, only whether one is set.
/// </summary>
public sealed class LlmProvider
{
    public LlmProvider(IOptions<LlmOptions> options)
    {
        var llm = options.Value;
        IsEnabled = llm.IsEnabled;
        Name = llm.ProviderName;
        Model = IsEnabled ? llm.EffectiveModel : null;
        BaseUrl = IsEnabled && llm.EffectiveBaseUrl is { } url ? new Uri(url.TrimEnd('/') + "/") : null;
        HasApiKey = llm.EffectiveApiKey is not null;
    }

    public bool IsEnabled { get; }

    /// <summary><c>none</c>, <c>openai</c>, <c>gemini</c> or <c>compatible</c>.</summary>
    public string Name { get; }

    public string? Model { get; }

    /// <summary>The API root, always ending in a slash so relative paths (<c>models</c>) append to it.</summary>
    public Uri? BaseUrl { get; }

    public bool HasApiKey { get; }

    /// <summary>The name an <see cref="Responders.IResponder"/> built on this provider goes by.</summary>
    public string ResponderName => $"llm:{Name}";
}
