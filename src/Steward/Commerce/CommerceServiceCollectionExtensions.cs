using Steward.Commerce.Sandbox;

namespace Steward.Commerce;

internal static class CommerceServiceCollectionExtensions
{
    /// <summary>The sandbox shop's seeder and the resolver that gives every org its commerce backend.</summary>
    public static IServiceCollection AddStewardCommerce(this IServiceCollection services)
    {
        services.AddSingleton<SandboxSeeder>();
        services.AddSingleton<SandboxBackendResolver>();
        services.AddSingleton<ICommerceBackendResolver>(provider => provider.GetRequiredService<SandboxBackendResolver>());
        return services;
    }
}
