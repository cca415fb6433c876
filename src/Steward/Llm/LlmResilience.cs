using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;

namespace Steward.Llm;

/// <summary>
/// The named resilience pipeline of each provider, one per provider for the life of the process so every request to it
/// shares one circuit breaker: retry (429, 408, 5xx, timeouts, connection failures; full-jitter exponential backoff or
/// the provider's <c>Retry-After</c>, never past the request's total budget) around a circuit breaker. Per-try and total
/// deadlines are <see cref="LlmCall"/>'s, so a streamed answer never depends on a pooled token of the pipeline.
/// </summary>
internal sealed partial class LlmResilience(IOptions<LlmOptions> options, TimeProvider time, ILogger<LlmResilience> logger) : IDisposable
{
    public static readonly ResiliencePropertyKey<LlmCall> CallKey = new("steward.llm.call");

    private readonly ResiliencePipelineRegistry<string> _registry = new();
    private readonly ConcurrentDictionary<string, CircuitBreakerStateProvider> _circuits = new(StringComparer.Ordinal);

    public ResiliencePipeline For(string provider) => _registry.GetOrAddPipeline(provider, builder => Configure(builder, provider));

    /// <summary>The provider's circuit: closed until its first request, then as the breaker says.</summary>
    public CircuitState State(string provider) =>
        _circuits.TryGetValue(provider, out var circuit) ? circuit.CircuitState : CircuitState.Closed;

    /// <summary>Worth another try and counted by the breaker: the provider may answer if asked again later.</summary>
    public static bool IsTransient(Exception? exception) => exception is TimeoutException or LlmRequestException { IsTransient: true };

    public void Dispose() => _registry.Dispose();

    private void Configure(ResiliencePipelineBuilder builder, string provider)
    {
        var llm = options.Value;
        builder.TimeProvider = time;
        if (llm.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                Name = $"llm-{provider}-retry",
                MaxRetryAttempts = llm.MaxAttempts - 1,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, args.Context)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(Delay(args.Outcome.Exception, args.Context, args.AttemptNumber, llm.RetryBaseDelay)),
                OnRetry = args =>
                {
                    LogRetrying(logger, provider, args.AttemptNumber + 1, Reason(args.Outcome.Exception), (long)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        var circuit = _circuits.GetOrAdd(provider, _ => new CircuitBreakerStateProvider());
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            Name = $"llm-{provider}-circuit",
            FailureRatio = llm.CircuitFailureRatio,
            MinimumThroughput = llm.CircuitMinimumThroughput,
            SamplingDuration = llm.CircuitSamplingDuration,
            BreakDuration = llm.CircuitBreakDuration,
            ShouldHandle = args => new ValueTask<bool>(IsTransient(args.Outcome.Exception)),
            StateProvider = circuit,
            OnOpened = args =>
            {
                LogCircuitOpened(logger, provider, (long)args.BreakDuration.TotalSeconds, Reason(args.Outcome.Exception));
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                LogCircuitClosed(logger, provider);
                return ValueTask.CompletedTask;
            },
        });
    }

    /// <summary>
    /// Transient failures are tried again, except a 429 whose <c>Retry-After</c> lies beyond the request's budget: the
    /// provider said it will refuse until then, so the quota answer comes now instead of after a pointless wait.
    /// </summary>
    private static bool ShouldRetry(Exception? exception, ResilienceContext context)
    {
        if (!IsTransient(exception))
        {
            return false;
        }

        var call = context.Properties.GetValue(CallKey, null!);
        return exception is not LlmRequestException { RetryAfter: { } after } || after < call.Remaining;
    }

    /// <summary>The provider's <c>Retry-After</c> when it sent one, else a random wait up to base × 2ⁿ; never past the budget.</summary>
    private static TimeSpan? Delay(Exception? exception, ResilienceContext context, int attempt, TimeSpan baseDelay)
    {
        var call = context.Properties.GetValue(CallKey, null!);
        var delay = exception is LlmRequestException { RetryAfter: { } after }
            ? after
            : TimeSpan.FromTicks((long)(baseDelay.Ticks * Math.Pow(2, attempt) * Random.Shared.NextDouble()));
        var remaining = call.Remaining;
        return delay < remaining ? delay : remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>What went wrong, for logs: a status or a kind, never the provider's text.</summary>
    public static string Reason(Exception? exception) => exception switch
    {
        LlmRequestException { StatusCode: { } status } => $"HTTP {status}",
        LlmRequestException { Kind: LlmFailureKind.Connection } => "connection failed",
        LlmRequestException => "invalid response",
        TimeoutException => "timed out",
        null => "none",
        _ => exception.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "AI provider {Provider}: try {Attempt} failed ({Reason}); trying again in {DelayMs} ms")]
    private static partial void LogRetrying(ILogger logger, string provider, int attempt, string reason, long delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AI provider {Provider}: circuit opened for {BreakSeconds} s after repeated failures (last: {Reason})")]
    private static partial void LogCircuitOpened(ILogger logger, string provider, long breakSeconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "AI provider {Provider}: circuit closed, requests flow again")]
    private static partial void LogCircuitClosed(ILogger logger, string provider);
}
