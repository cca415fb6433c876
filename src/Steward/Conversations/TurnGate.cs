using System.Collections.Concurrent;

namespace Steward.Conversations;

/// <summary>
/// Single flight per session: while a session's turn runs, messages arriving for it wait and are merged (in order,
/// one per line) into the next turn, and every one of them gets that turn's reply — the customer is answered once, not
/// once per message. One-off turns and sessions without an id pass straight through. Per process: instances behind a
/// load balancer need session affinity for the merge (the store keeps turns consistent either way).
/// </summary>
public sealed class TurnGate(Func<TurnRequest, CancellationToken, Task<TurnReply>> run)
{
    public TurnGate(TurnPipeline pipeline)
        : this(pipeline.RunAsync)
    {
    }

    private readonly ConcurrentDictionary<(string Org, string Session), Flight> _flights = new();

    public Task<TurnReply> RunAsync(TurnRequest request, CancellationToken cancellationToken)
    {
        if (!request.UseSession || request.SessionId is null)
        {
            return run(request, cancellationToken);
        }

        var key = (request.OrgId, request.SessionId);
        while (true)
        {
            var flight = _flights.GetOrAdd(key, _ => new Flight());
            lock (flight)
            {
                if (flight.Closed)
                {
                    continue;
                }

                var waiter = new TaskCompletionSource<TurnReply>(TaskCreationOptions.RunContinuationsAsynchronously);
                flight.Queue.Add((request, waiter));
                if (!flight.Running)
                {
                    flight.Running = true;
                    _ = Task.Run(() => DrainAsync(key, flight), CancellationToken.None);
                }

                return waiter.Task.WaitAsync(cancellationToken);
            }
        }
    }

    private async Task DrainAsync((string Org, string Session) key, Flight flight)
    {
        while (true)
        {
            List<(TurnRequest Request, TaskCompletionSource<TurnReply> Waiter)> batch;
            lock (flight)
            {
                if (flight.Queue.Count == 0)
                {
                    flight.Running = false;
                    flight.Closed = true;
                    _flights.TryRemove(new KeyValuePair<(string, string), Flight>(key, flight));
                    return;
                }

                batch = [.. flight.Queue];
                flight.Queue.Clear();
            }

            var merged = batch[^1].Request with { Text = string.Join("\n", batch.Select(b => b.Request.Text)) };
            try
            {
                // The turn is the session's, not one caller's: a caller that gives up does not cancel it for the others.
                var reply = await run(merged, CancellationToken.None);
                batch.ForEach(b => b.Waiter.SetResult(reply));
            }
            catch (Exception ex)
            {
                batch.ForEach(b => b.Waiter.SetException(ex));
            }
        }
    }

    private sealed class Flight
    {
        public List<(TurnRequest Request, TaskCompletionSource<TurnReply> Waiter)> Queue { get; } = [];

        public bool Running { get; set; }

        public bool Closed { get; set; }
    }
}
