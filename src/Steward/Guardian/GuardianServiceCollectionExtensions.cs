using Microsoft.Extensions.Options;

namespace Steward.Guardian;

public static class GuardianServiceCollectionExtensions
{
    /// <summary>The guardian's options (validated at start), store, webhook client and the service behind <see cref="IGuardian"/>.</summary>
    public static IServiceCollection AddStewardGuardian(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GuardianOptions>().Bind(configuration.GetSection(GuardianOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(GuardianWebhook.HttpClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<GuardianOptions>>().Value.WebhookTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<GuardianStore>();
        services.AddSingleton<GuardianWebhook>();
        services.AddSingleton<GuardianService>();
        services.AddSingleton<IGuardian>(provider => provider.GetRequiredService<GuardianService>());
        return services;
    }
}
