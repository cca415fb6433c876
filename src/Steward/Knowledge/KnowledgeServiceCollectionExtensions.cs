using Steward.Audit;

namespace Steward.Knowledge;

internal static class KnowledgeServiceCollectionExtensions
{
    public static IServiceCollection AddStewardKnowledge(this IServiceCollection services)
    {
        services.AddSingleton<KnowledgeStore>();
        services.AddSingleton<KnowledgeBase>();
        return services;
    }

    /// <summary>Imports the demo shop's documents (embedded from <c>data/kb/</c>) into an org; unchanged ones are skipped.</summary>
    public static async Task<int> ImportDemoAsync(this KnowledgeStore store, string orgId, CancellationToken cancellationToken = default)
    {
        const string prefix = "Steward.Knowledge.demo.";
        var assembly = typeof(KnowledgeStore).Assembly;
        var imported = 0;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            var result = await store.ImportAsync(orgId, name[prefix.Length..], await reader.ReadToEndAsync(cancellationToken), null, AuditActor.System, cancellationToken);
            imported += result.Changed ? 1 : 0;
        }

        return imported;
    }
}
