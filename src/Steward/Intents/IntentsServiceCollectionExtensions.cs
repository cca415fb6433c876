using Microsoft.Extensions.Diagnostics.HealthChecks;
using Steward.Observability;

namespace Steward.Intents;

internal static class IntentsServiceCollectionExtensions
{
    public static IServiceCollection AddStewardIntents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IntentOptions>().Bind(configuration.GetSection(IntentOptions.Section));
        services.AddSingleton<IntentClassifier>();
        services.AddSingleton<EntityExtractor>();
        services.AddHealthChecks().AddCheck<IntentModelHealthCheck>("intents", tags: [HealthTags.Detailed]);
        return services;
    }
}

/// <summary>The intent model is loaded (the server warms it at start-up) and how big it is.</summary>
internal sealed class IntentModelHealthCheck(IntentClassifier classifier) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var model = classifier.Model;
        return Task.FromResult(HealthCheckResult.Healthy(data: new Dictionary<string, object>
        {
            ["intents"] = model.Labels.Count,
            ["features"] = model.FeatureCount,
            ["min_confidence"] = model.MinConfidence,
        }));
    }
}
