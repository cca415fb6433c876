using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;
using Steward.Security;

namespace Steward.Tools.Mcp;

/// <summary>
/// This instance's <c>/mcp</c> sessions. A session id is only found by the caller that opened it (same org, same API
/// key or user); to anyone else it does not exist. Idle sessions are closed by <see cref="McpSessionSweeper"/>, and
/// at <see cref="McpOptions.MaxSessions"/> the idlest one makes room for a new one.
/// </summary>
internal sealed partial class McpSessions(
    McpToolServer tools, IOptions<McpOptions> options, TimeProvider time, IServiceProvider services, ILoggerFactory loggerFactory,
    ILogger<McpSessions> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, McpHttpSession> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    /// <summary>A new session for the caller's org; null when every session slot is busy.</summary>
    public async Task<McpHttpSession?> CreateAsync(Caller caller)
    {
        if (_sessions.Count >= options.Value.MaxSessions && !await CloseIdlestAsync())
        {
            return null;
        }

        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
        var transport = new StreamableHttpServerTransport(loggerFactory) { SessionId = id, FlowExecutionContextFromRequests = true };
        var server = McpServer.Create(transport, tools.CreateOptions(caller.OrgId), loggerFactory, services);
        var session = new McpHttpSession(id, caller.OrgId, OwnerOf(caller), transport, server, time);
        session.RunTask = server.RunAsync(session.Closed);
        _sessions[id] = session;
        return session;
    }

    public McpHttpSession? Find(string id, Caller caller) =>
        _sessions.TryGetValue(id, out var session) && session.Owner == OwnerOf(caller) ? session : null;

    public async Task<bool> CloseAsync(string id, Caller caller)
    {
        if (Find(id, caller) is not { } session || !_sessions.TryRemove(new KeyValuePair<string, McpHttpSession>(id, session)))
        {
            return false;
        }

        await session.DisposeAsync();
        return true;
    }

    /// <summary>Closes every session unused for <see cref="McpOptions.SessionIdleTimeout"/>; returns how many.</summary>
    public async Task<int> CloseIdleAsync()
    {
        var cutoff = time.GetUtcNow() - options.Value.SessionIdleTimeout;
        var closed = 0;
        foreach (var session in _sessions.Values.Where(session => session.IsIdleSince(cutoff)).ToList())
        {
            if (_sessions.TryRemove(new KeyValuePair<string, McpHttpSession>(session.Id, session)))
            {
                await session.DisposeAsync();
                closed++;
            }
        }

        return closed;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _sessions.Keys)
        {
            if (_sessions.TryRemove(id, out var session))
            {
                await session.DisposeAsync();
            }
        }
    }

    private async Task<bool> CloseIdlestAsync()
    {
        var now = time.GetUtcNow();
        var idlest = _sessions.Values.Where(session => session.IsIdleSince(now)).MinBy(session => session.LastActivity);
        if (idlest is null || !_sessions.TryRemove(new KeyValuePair<string, McpHttpSession>(idlest.Id, idlest)))
        {
            LogFull(logger, options.Value.MaxSessions);
            return false;
        }

        await idlest.DisposeAsync();
        return true;
    }

    private static string OwnerOf(Caller caller) => $"{caller.OrgId}\n{caller.ActorType}\n{caller.ActorId}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "All {MaxSessions} MCP sessions are in use; a new one was refused")]
    private static partial void LogFull(ILogger logger, int maxSessions);
}

/// <summary>Closes idle <c>/mcp</c> sessions, checking a few times per idle timeout.</summary>
internal sealed partial class McpSessionSweeper(McpSessions sessions, IOptions<McpOptions> options, TimeProvider time, ILogger<McpSessionSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(options.Value.SessionIdleTimeout.Ticks / 4, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await sessions.CloseIdleAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Closing idle MCP sessions failed unexpectedly; will retry")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
