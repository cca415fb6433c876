using Steward.Conversations.Feedback;
using Steward.Conversations.Sessions;
using Steward.Responders;

namespace Steward.Conversations;

public static class ConversationsServiceCollectionExtensions
{
    /// <summary>The turn pipeline, its single-flight gate and the responders; sessions (options validated at start-up) and feedback.</summary>
    public static IServiceCollection AddStewardConversations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConversationOptions>().Bind(configuration.GetSection(ConversationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EmbeddedResponder>();
        services.AddSingleton<ResponderSelector>();
        services.AddSingleton<TurnPipeline>();
        services.AddSingleton(provider => new TurnGate(provider.GetRequiredService<TurnPipeline>()));
        services.AddOptions<ConversationSessionOptions>().Bind(configuration.GetSection(ConversationSessionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<ISessionStore>(provider => provider.GetRequiredService<SessionStore>());
        services.AddSingleton<FeedbackStore>();
        return services;
    }

    /// <summary>What only the web server runs: the periodic removal of expired sessions.</summary>
    public static IServiceCollection AddStewardConversationsWeb(this IServiceCollection services)
    {
        services.AddHostedService<SessionCleanupWorker>();
        return services;
    }
}
