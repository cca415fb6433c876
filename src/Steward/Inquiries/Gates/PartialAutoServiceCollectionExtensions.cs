namespace Steward.Inquiries.Gates;

public static class PartialAutoServiceCollectionExtensions
{
    /// <summary>The gates' settings (defaults from configuration and the seed's environment names), their store, the finalizer and the report.</summary>
    public static IServiceCollection AddStewardPartialAuto(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PartialAutoSettings>().Bind(configuration.GetSection(PartialAutoSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PartialAutoSettingsStore>();
        services.AddSingleton<InquiryFinalizer>();
        services.AddSingleton<PartialAutoReporter>();
        return services;
    }
}
