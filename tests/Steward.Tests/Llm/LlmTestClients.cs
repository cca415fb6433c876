using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Steward.Llm;
using Steward.Tests.Fixtures;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Steward.Tests.Llm;

/// <summary>The adapter and the resilience decorator over a <see cref="FakeOpenAi"/>, built as the server builds them.</summary>
internal sealed class LlmTestClients : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public LlmTestClients(FakeOpenAi fake, TimeProvider time, Action<LlmOptions>? configure = null)
    {
        Options = new LlmOptions
        {
            Provider = LlmOptions.Compatible,
            BaseUrl = fake.BaseUrl,
            Model = FakeOpenAi.Model,
            ApiKey = "sk-test-key",
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        };
        configure?.Invoke(Options);
        var options = MsOptions.Create(Options);
        var provider = new LlmProvider(options);
        Adapter = OpenAiChatClient.Create(provider, Options.EffectiveApiKey, _http, time);
        Resilience = new LlmResilience(options, time, NullLogger<LlmResilience>.Instance);
        Client = new ResilientChatClient(Adapter, Resilience, provider.Name, options, time);
    }

    public LlmOptions Options { get; }

    public IChatClient Adapter { get; }

    public LlmResilience Resilience { get; }

    /// <summary>Adapter behind the resilience decorator.</summary>
    public IChatClient Client { get; }

    public static List<ChatMessage> Question(string text = "배송 언제 와요?") => [new(ChatRole.System, "You are a test."), new(ChatRole.User, text)];

    public void Dispose()
    {
        Resilience.Dispose();
        _http.Dispose();
    }
}
