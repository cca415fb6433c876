using Microsoft.Extensions.Options;
using Steward.Hosting;

namespace Steward.Commerce.Restock;

/// <summary>
/// Dispatches every org's waiting restock subscriptions once per <see cref="RestockOptions.Interval"/>, in the web server
/// only. Each tick gets its own DI scope.
/// </summary>
internal sealed class RestockDispatchWorker(
    IServiceScopeFactory scopes, IOptions<RestockOptions> options, TimeProvider time, ILogger<RestockDispatchWorker> logger)
    : PeriodicWorker(time, logger)
{
    protected override string Job => "Periodic restock dispatch";

    protected override TimeSpan Interval => options.Value.Interval;

    protected override bool Enabled => options.Value.Enabled;

    protected override string EnabledSetting => "Steward:Restock:Enabled";

    protected override async Task TickAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RestockDispatcher>().DispatchAllAsync(cancellationToken);
    }
}
