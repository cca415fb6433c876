using Steward.Conversations.Feedback;
using Steward.Conversations.Sessions;

namespace Steward.Conversations;

public static class ConversationsServiceCollectionExtensions
{
    /// <summary>Sessions (with their options, validated at start-up) and feedback.</summary>
    public static IServiceCollection AddStewardConversations(this IServiceCollection services, IConfiguration configuration)
    {
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
