using Microsoft.Extensions.Options;

namespace Steward.Commerce.Restock;

public static class RestockServiceCollectionExtensions
{
    /// <summary>Subscriptions, the notifier (the webhook when one is configured, else the sandbox), and the dispatcher.</summary>
    public static IServiceCollection AddStewardRestock(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RestockOptions>().Bind(configuration.GetSection(RestockOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(WebhookNotifier.HttpClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<NotificationOptions>>().Value.WebhookTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<RestockSubscriptions>();
        services.AddSingleton<RestockClaims>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<INotifier>(provider => provider.GetRequiredService<IOptions<NotificationOptions>>().Value.UsesWebhook
            ? ActivatorUtilities.CreateInstance<WebhookNotifier>(provider)
            : ActivatorUtilities.CreateInstance<SandboxNotifier>(provider));
        services.AddSingleton<RestockDispatcher>();
        return services;
    }

    /// <summary>The periodic dispatch: the web server runs it, the command line does not.</summary>
    public static IServiceCollection AddStewardRestockWorker(this IServiceCollection services)
    {
        services.AddHostedService<RestockDispatchWorker>();
        return services;
    }
}
