using Steward.Storage;

namespace Steward.Commerce.Sandbox;

/// <summary>Every org talks to its own sandbox shop until a connector is configured for it.</summary>
internal sealed class SandboxBackendResolver(Database database) : ICommerceBackendResolver
{
    public ValueTask<ICommerceBackend> ForOrgAsync(string orgId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ICommerceBackend>(new SandboxCommerceBackend(database, orgId));
}
