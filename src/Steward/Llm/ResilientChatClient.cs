using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace Steward.Llm;

/// <summary>
/// Runs every request through the provider's resilience pipeline (<see cref="LlmResilience"/>) and turns what is left of
/// a failure into the two exceptions callers handle: still 429 → <see cref="LlmQuotaExhaustedException"/>; 5xx, timeouts,
/// connection failures or an open circuit → <see cref="LlmUnavailableException"/>. Other 4xx pass through as
/// <see cref="LlmRequestException"/> (not retried). A streamed answer is retried only until its first chunk: after that
/// the caller has seen text, and a retry would repeat it.
/// </summary>
internal sealed class ResilientChatClient(IChatClient inner, LlmResilience resilience, string provider, IOptions<LlmOptions> options, TimeProvider time)
    : DelegatingChatClient(inner)
{
    private readonly ResiliencePipeline _pipeline = resilience.For(provider);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        using var call = new LlmCall(OptionsValue, time, cancellationToken);
        var context = ResilienceContextPool.Shared.Get(call.Token);
        context.Properties.Set(LlmResilience.CallKey, call);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (context, state) =>
                {
                    var call = context.Properties.GetValue(LlmResilience.CallKey, null!);
                    using var attempt = call.StartAttempt(context.CancellationToken);
                    try
                    {
                        return await state.Self.InnerClient.GetResponseAsync(state.Messages, state.Options, attempt.Token);
                    }
                    catch (Exception ex)
                    {
                        throw call.LastFailure = TimedOut(ex, attempt);
                    }
                },
                context,
                (Self: this, Messages: list, Options: options));
        }
        catch (Exception ex) when (Map(ex, call) is { } failure)
        {
            throw failure;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        using var call = new LlmCall(OptionsValue, time, cancellationToken);
        var context = ResilienceContextPool.Shared.Get(call.Token);
        context.Properties.Set(LlmResilience.CallKey, call);
        StreamStart start;
        try
        {
            start = await _pipeline.ExecuteAsync(
                static async (context, state) =>
                {
                    var call = context.Properties.GetValue(LlmResilience.CallKey, null!);
                    var attempt = call.StartAttempt(context.CancellationToken);
                    var updates = state.Self.InnerClient.GetStreamingResponseAsync(state.Messages, state.Options, attempt.Token).GetAsyncEnumerator(attempt.Token);
                    try
                    {
                        var any = await updates.MoveNextAsync();
                        attempt.Pause();
                        return new StreamStart(attempt, updates, any);
                    }
                    catch (Exception ex)
                    {
                        await updates.DisposeAsync();
                        call.LastFailure = TimedOut(ex, attempt);
                        attempt.Dispose();
                        throw call.LastFailure;
                    }
                },
                context,
                (Self: this, Messages: list, Options: options));
        }
        catch (Exception ex) when (Map(ex, call) is { } failure)
        {
            throw failure;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        await using (start)
        {
            call.StopTotalDeadline();
            if (!start.Any)
            {
                yield break;
            }

            yield return start.Updates.Current;
            while (true)
            {
                start.Attempt.Restart();
                bool more;
                try
                {
                    more = await start.Updates.MoveNextAsync();
                }
                catch (Exception ex) when (!call.CallerCancelled && TimedOut(ex, start.Attempt) is TimeoutException or LlmRequestException)
                {
                    throw new LlmUnavailableException(provider, $"the answer stopped midway ({LlmResilience.Reason(TimedOut(ex, start.Attempt))})", ex);
                }

                start.Attempt.Pause();
                if (!more)
                {
                    yield break;
                }

                yield return start.Updates.Current;
            }
        }
    }

    private LlmOptions OptionsValue => options.Value;

    /// <summary>A try that ran out of its own time is a <see cref="TimeoutException"/> (transient); anything else is as it was.</summary>
    private static Exception TimedOut(Exception exception, LlmAttempt attempt) =>
        exception is OperationCanceledException && attempt.TimedOut ? new TimeoutException("The AI provider did not answer in time.", exception) : exception;

    /// <summary>The exception the caller gets; null to let the original through (a caller's cancellation, a 4xx, a bug).</summary>
    private Exception? Map(Exception exception, LlmCall call)
    {
        if (call.CallerCancelled)
        {
            return null;
        }

        return exception switch
        {
            BrokenCircuitException { InnerException: LlmRequestException { IsRateLimited: true } cause } broken =>
                new LlmQuotaExhaustedException(provider, broken.RetryAfter ?? cause.RetryAfter, exception),
            BrokenCircuitException => new LlmUnavailableException(provider, "its circuit is open after repeated failures", exception),
            OperationCanceledException when call.TimedOut => call.LastFailure is LlmRequestException { IsRateLimited: true } limited
                ? new LlmQuotaExhaustedException(provider, limited.RetryAfter, limited)
                : new LlmUnavailableException(provider, $"no answer within {call.TotalTimeout.TotalSeconds:0.#} s", call.LastFailure ?? exception),
            LlmRequestException { IsRateLimited: true } limited => new LlmQuotaExhaustedException(provider, limited.RetryAfter, limited),
            LlmRequestException { IsTransient: true } or LlmRequestException { Kind: LlmFailureKind.InvalidResponse } =>
                new LlmUnavailableException(provider, $"{LlmResilience.Reason(exception)} after {Tries(call.Attempts)}", exception),
            TimeoutException => new LlmUnavailableException(provider, $"timed out after {Tries(call.Attempts)}", exception),
            _ => null,
        };
    }

    private static string Tries(int attempts) => attempts == 1 ? "1 try" : $"{attempts} tries";

    /// <summary>A stream that has produced its first update (or ended without any), with the try that owns it.</summary>
    private sealed class StreamStart(LlmAttempt attempt, IAsyncEnumerator<ChatResponseUpdate> updates, bool any) : IAsyncDisposable
    {
        public LlmAttempt Attempt { get; } = attempt;

        public IAsyncEnumerator<ChatResponseUpdate> Updates { get; } = updates;

        public bool Any { get; } = any;

        public async ValueTask DisposeAsync()
        {
            await Updates.DisposeAsync();
            Attempt.Dispose();
        }
    }
}
