using Steward.Storage;

namespace Steward.Commerce.Sandbox;

/// <summary>
/// Every org talks to its own sandbox shop until a connector is configured for it. The sandbox HTTP API asks
/// <see cref="ForOrg"/> directly: it serves the sandbox whichever backend an org's tools use.
/// </summary>
internal sealed class SandboxBackendResolver(Database database, TimeProvider time) : ICommerceBackendResolver
{
    public SandboxCommerceBackend ForOrg(string orgId) => new(database, orgId, time);

    public ValueTask<ICommerceBackend> ForOrgAsync(string orgId, CancellationToken cancellationToken) => ValueTask.FromResult<ICommerceBackend>(ForOrg(orgId));
}
