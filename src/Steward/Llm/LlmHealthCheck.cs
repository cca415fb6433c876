using System.Net.Http.Headers;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace Steward.Llm;

/// <summary>The last probe of the provider: whether <c>GET {BaseUrl}/models</c> answered 2xx, what it answered, and when.</summary>
public sealed record LlmProbeResult(bool Ok, string Status, DateTimeOffset At);

/// <summary>
/// Asks the provider <c>GET {BaseUrl}/models</c> (with the key) at most once per <see cref="LlmOptions.ProbeInterval"/>,
/// however often health is asked: a health endpoint must not spend the provider's rate limit or quota. Concurrent
/// health requests share one probe.
/// </summary>
internal sealed class LlmProbe(LlmProvider provider, IOptions<LlmOptions> options, IHttpClientFactory httpClients, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LlmProbeResult? _last;
    private long _lastAt;

    public async Task<LlmProbeResult> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } probed)
            {
                return probed;
            }

            var result = await ProbeAsync(cancellationToken);
            (_last, _lastAt) = (result, time.GetTimestamp());
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private LlmProbeResult? Fresh() => _last is { } last && time.GetElapsedTime(_lastAt) < options.Value.ProbeInterval ? last : null;

    private async Task<LlmProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(provider.BaseUrl!, "models"));
        if (options.Value.EffectiveApiKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var deadline = new CancellationTokenSource(options.Value.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await httpClients.CreateClient(LlmServiceCollectionExtensions.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            return new LlmProbeResult(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}", time.GetUtcNow());
        }
        catch (HttpRequestException)
        {
            return new LlmProbeResult(false, "unreachable", time.GetUtcNow());
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new LlmProbeResult(false, "timed out", time.GetUtcNow());
        }
    }
}

/// <summary>
/// <c>llm</c> on <c>/health/detailed</c>: provider, model, whether a key is set (never the key), the cached probe and the
/// circuit. Healthy and "disabled" without a provider; degraded when the probe failed or the circuit is open.
/// </summary>
internal sealed class LlmHealthCheck(LlmProvider provider, LlmProbe probe, LlmResilience resilience) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!provider.IsEnabled)
        {
            return HealthCheckResult.Healthy("disabled", new Dictionary<string, object> { ["provider"] = provider.Name, ["status"] = "disabled" });
        }

        var result = await probe.GetAsync(cancellationToken);
        var circuit = resilience.State(provider.Name);
        var data = new Dictionary<string, object>
        {
            ["provider"] = provider.Name,
            ["model"] = provider.Model!,
            // Authority leaves out any user:password in the URL.
            ["base_url"] = $"{provider.BaseUrl!.Scheme}://{provider.BaseUrl.Authority}{provider.BaseUrl.AbsolutePath}",
            ["key_present"] = provider.HasApiKey,
            ["probe_ok"] = result.Ok,
            ["probe_status"] = result.Status,
            ["probed_at"] = result.At,
            ["circuit"] = circuit switch
            {
                CircuitState.Open => "open",
                CircuitState.HalfOpen => "half_open",
                CircuitState.Isolated => "isolated",
                _ => "closed",
            },
        };
        if (circuit is CircuitState.Open or CircuitState.Isolated)
        {
            return HealthCheckResult.Degraded("The AI provider's circuit is open: the embedded responder answers meanwhile.", data: data);
        }

        return result.Ok
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Degraded($"The AI provider did not answer its probe ({result.Status}).", data: data);
    }
}
