using System.Threading.Channels;
using Dapper;
using Steward.Storage;

namespace Steward.Tools;

/// <summary>
/// Group commit for the ledger: concurrent calls queue their rows, and one writer inserts everything queued in a single
/// transaction and then completes each caller with its row's id. A caller still returns only after its row is
/// committed, but N concurrent calls share one commit instead of queueing on the database's write lock (on SQLite a
/// writer that finds the lock taken sleeps in steps of 150 ms).
/// </summary>
internal sealed class ToolCallWriter(Database database) : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _writer;

    public Task<long> AppendAsync(object row)
    {
        var pending = new Pending(row, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(ToolCallWriter));
        }

        if (_writer is null)
        {
            lock (_startLock)
            {
                _writer ??= Task.Run(WriteAsync);
            }
        }

        return pending.Id.Task;
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                var ids = await InsertAsync(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Id.SetResult(ids[i]);
                }
            }
            catch (Exception ex)
            {
                // Each caller gets the database's failure as its own: nothing is reported as recorded that was not.
                foreach (var pending in batch)
                {
                    pending.Id.SetException(ex);
                }
            }

            batch.Clear();
        }
    }

    private async Task<long[]> InsertAsync(List<Pending> batch)
    {
        await using var connection = await database.OpenAsync();
        if (batch.Count == 1)
        {
            // Alone, the insert is its own transaction: no BEGIN and COMMIT round trips.
            return [await connection.ExecuteScalarAsync<long>(InsertSql, batch[0].Row)];
        }

        await using var transaction = await Database.BeginWriteAsync(connection);
        var ids = new long[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            ids[i] = await connection.ExecuteScalarAsync<long>(InsertSql, batch[i].Row, transaction);
        }

        await transaction.CommitAsync();
        return ids;
    }

    private const string InsertSql =
        """
        INSERT INTO tool_calls (org_id, occurred_at, session_id, caller_type, caller_id, tool, mode, arguments, decision, outcome,
                                error_code, latency_us, approval_id, bot_context)
        VALUES (@OrgId, @OccurredAt, @SessionId, @CallerType, @CallerId, @Tool, @Mode, @MaskedArguments, @Decision, @Outcome,
                @ErrorCode, @LatencyUs, @ApprovalId, @BotContext)
        RETURNING id
        """;

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer;
        }
    }

    private sealed record Pending(object Row, TaskCompletionSource<long> Id);
}
