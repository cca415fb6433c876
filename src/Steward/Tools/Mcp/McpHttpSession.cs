using ModelContextProtocol.Server;

namespace Steward.Tools.Mcp;

/// <summary>
/// One <c>/mcp</c> session: the SDK's transport and server for one org, owned by the API key (or user) that opened it.
/// Requests in flight hold a reference, so only a session nobody is using can be closed for idleness.
/// </summary>
internal sealed class McpHttpSession(string id, string orgId, string owner, StreamableHttpServerTransport transport, McpServer server, TimeProvider time)
    : IAsyncDisposable
{
    private readonly CancellationTokenSource _closed = new();
    private readonly Lock _lock = new();
    private int _references;
    private int _getStarted;
    private bool _disposed;
    private DateTimeOffset _lastActivity = time.GetUtcNow();

    public string Id { get; } = id;

    public string OrgId { get; } = orgId;

    /// <summary>Org and actor of the caller that opened the session; no other caller may use it.</summary>
    public string Owner { get; } = owner;

    public StreamableHttpServerTransport Transport { get; } = transport;

    public McpServer Server { get; } = server;

    public CancellationToken Closed => _closed.Token;

    public Task RunTask { get; set; } = Task.CompletedTask;

    public DateTimeOffset LastActivity
    {
        get
        {
            lock (_lock)
            {
                return _lastActivity;
            }
        }
    }

    /// <summary>Marks the session in use; false when it was closed meanwhile.</summary>
    public bool TryAcquire()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return false;
            }

            _references++;
            _lastActivity = time.GetUtcNow();
            return true;
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _references--;
            _lastActivity = time.GetUtcNow();
        }
    }

    public bool IsIdleSince(DateTimeOffset cutoff)
    {
        lock (_lock)
        {
            return !_disposed && _references == 0 && _lastActivity < cutoff;
        }
    }

    /// <summary>The spec allows one standalone GET stream per session.</summary>
    public bool TryStartGetStream() => Interlocked.Exchange(ref _getStarted, 1) == 0;

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        try
        {
            // The transport first, so the server's message loop ends normally instead of by cancellation.
            await Transport.DisposeAsync();
            await _closed.CancelAsync();
            await RunTask;
        }
        catch (OperationCanceledException)
        {
            // The run loop ends by cancellation when the transport did not end it first.
        }
        finally
        {
            await Server.DisposeAsync();
            _closed.Dispose();
        }
    }
}
