namespace Steward.Llm;

/// <summary>
/// The budget of one request to the provider, every try included: its total deadline, the time left, and how the last
/// try failed (so a deadline that runs out while waiting after a 429 still reads as "quota", not "down"). Its own
/// cancellation sources (not the pipeline's pooled ones) so a streamed answer can outlive the retry pipeline safely.
/// </summary>
internal sealed class LlmCall : IDisposable
{
    private readonly LlmOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _total;
    private readonly CancellationTokenSource _linked;
    private readonly long _started;

    public LlmCall(LlmOptions options, TimeProvider time, CancellationToken caller)
    {
        _options = options;
        _time = time;
        _caller = caller;
        _started = time.GetTimestamp();
        _total = new CancellationTokenSource(options.TotalTimeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _total.Token);
    }

    /// <summary>Cancelled by the caller or when the total budget is spent.</summary>
    public CancellationToken Token => _linked.Token;

    public TimeSpan TotalTimeout => _options.TotalTimeout;

    public TimeSpan Remaining => _options.TotalTimeout - _time.GetElapsedTime(_started);

    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    /// <summary>The budget ran out (the caller did not cancel).</summary>
    public bool TimedOut => _total.IsCancellationRequested && !_caller.IsCancellationRequested;

    public bool CallerCancelled => _caller.IsCancellationRequested;

    /// <summary>How the last try failed, if one did.</summary>
    public Exception? LastFailure { get; set; }

    public int Attempts { get; private set; }

    /// <summary>One try, with its own deadline of <see cref="LlmOptions.RequestTimeout"/>, under <paramref name="token"/>.</summary>
    public LlmAttempt StartAttempt(CancellationToken token)
    {
        Attempts++;
        return new LlmAttempt(_options.RequestTimeout, _time, token);
    }

    /// <summary>A streamed answer has started: from here only the gap between chunks is limited, not the total.</summary>
    public void StopTotalDeadline() => _total.CancelAfter(Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _linked.Dispose();
        _total.Dispose();
    }
}

/// <summary>One try's deadline, which a stream restarts for every chunk and pauses while the caller holds one.</summary>
internal sealed class LlmAttempt : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _linked;

    public LlmAttempt(TimeSpan timeout, TimeProvider time, CancellationToken token)
    {
        _timeout = timeout;
        _deadline = new CancellationTokenSource(timeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(token, _deadline.Token);
    }

    public CancellationToken Token => _linked.Token;

    /// <summary>This try's own deadline passed (not the caller's or the total one).</summary>
    public bool TimedOut => _deadline.IsCancellationRequested;

    public void Restart() => _deadline.CancelAfter(_timeout);

    public void Pause() => _deadline.CancelAfter(Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _linked.Dispose();
        _deadline.Dispose();
    }
}
