using Steward.Responders;

namespace Steward.Conversations;

public static class ConversationsServiceCollectionExtensions
{
    /// <summary>The turn pipeline, its single-flight gate and the responders.</summary>
    public static IServiceCollection AddStewardConversations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConversationOptions>().Bind(configuration.GetSection(ConversationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EmbeddedResponder>();
        services.AddSingleton<ResponderSelector>();
        services.AddSingleton<TurnPipeline>();
        services.AddSingleton(provider => new TurnGate(provider.GetRequiredService<TurnPipeline>()));
        return services;
    }
}
