using Steward.Commerce.Sandbox;

namespace Steward.Commerce;

internal static class CommerceServiceCollectionExtensions
{
    /// <summary>The sandbox shop's seeder, the resolver that gives every org its commerce backend, and its catalogue cache.</summary>
    public static IServiceCollection AddStewardCommerce(this IServiceCollection services)
    {
        services.AddSingleton<SandboxSeeder>();
        services.AddSingleton<SandboxBackendResolver>();
        services.AddSingleton<SandboxFaults>();
        services.AddSingleton<ICommerceBackendResolver>(provider => provider.GetRequiredService<SandboxBackendResolver>());
        services.AddSingleton<ProductCatalogue>();
        return services;
    }
}
