using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Steward.Observability;
using Steward.Responders;

namespace Steward.Llm;

public static class LlmServiceCollectionExtensions
{
    public const string HttpClientName = "steward-llm";

    /// <summary>
    /// Options, the provider's description, usage, resilience and the health probe always; the <see cref="IChatClient"/>
    /// (usage → resilience → OpenAI adapter) and the <see cref="LlmResponder"/> only when a provider is configured, decided
    /// from <paramref name="configuration"/> as it stands now (set the provider before the services are added).
    /// </summary>
    public static IServiceCollection AddStewardLlm(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(LlmOptions.Section);
        services.AddOptions<LlmOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LlmProvider>();
        services.AddSingleton<LlmUsageStore>();
        services.AddSingleton<LlmResilience>();
        services.AddSingleton<LlmProbe>();
        // Steward's own deadlines (per try, total) govern; the client's timeout must never cut in first. Connections are
        // renewed every few minutes so a provider's DNS change is seen although the client lives as long as the process.
        services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        if (!new LlmOptions { Provider = section[nameof(LlmOptions.Provider)] ?? LlmOptions.None }.IsEnabled)
        {
            return services;
        }

        services.AddSingleton<IChatClient>(CreateChatClient);
        services.AddSingleton<LlmResponder>();
        // As an IResponder, the conversation pipeline's ResponderSelector finds it (Steward:Conversations:Responder=llm).
        services.AddSingleton<IResponder>(provider => provider.GetRequiredService<LlmResponder>());
        return services;
    }

    private static IChatClient CreateChatClient(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<LlmOptions>>();
        var provider = services.GetRequiredService<LlmProvider>();
        var time = services.GetRequiredService<TimeProvider>();
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        var adapter = OpenAiChatClient.Create(provider, options.Value.EffectiveApiKey, http, time);
        var resilient = new ResilientChatClient(adapter, services.GetRequiredService<LlmResilience>(), provider.Name, options, time);
        return new UsageRecordingChatClient(
            resilient, provider.Name, provider.Model!, services.GetRequiredService<LlmUsageStore>(), services.GetRequiredService<StewardMetrics>(), time,
            services.GetRequiredService<ILogger<UsageRecordingChatClient>>());
    }
}
