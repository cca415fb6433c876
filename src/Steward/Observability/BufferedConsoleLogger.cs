using System.Buffers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Steward.Observability;

/// <summary>
/// Writes log lines to standard output (or error) through <see cref="JsonLogFormatter"/>, from the logging thread
/// itself into a shared buffer that a background flusher empties every 50 ms. The framework's console logger hands
/// every line to a writer thread and wakes it each time; at thousands of requests a second that hand-off cost more than
/// the request. Warnings and errors are flushed at once, so what explains a crash is on disk before the crash.
/// </summary>
[ProviderAlias("Console")]
internal sealed class BufferedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(50);
    private const int FlushAtBytes = 64 * 1024;

    private readonly JsonLogFormatter _formatter;
    private readonly Stream _output;
    private readonly Lock _lock = new();
    private readonly Timer _timer;
    private ArrayBufferWriter<byte> _pending = new(FlushAtBytes);
    private ArrayBufferWriter<byte> _spare = new(FlushAtBytes);
    private IExternalScopeProvider? _scopes;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_line;

    public BufferedConsoleLoggerProvider(JsonLogFormatter formatter, Stream output)
    {
        _formatter = formatter;
        _output = output;
        _timer = new Timer(_ => Flush(), null, FlushInterval, FlushInterval);
    }

    public ILogger CreateLogger(string categoryName) => new BufferedConsoleLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
        _timer.Dispose();
        Flush();
    }

    /// <summary>Steward's logging: JSON lines, PII-masked, buffered; to stderr for commands whose stdout is their output.</summary>
    public static void AddTo(ILoggingBuilder logging, bool toStandardError)
    {
        logging.ClearProviders();
        logging.Services.AddSingleton<JsonLogFormatter>();
        logging.Services.AddSingleton<ILoggerProvider>(provider => new BufferedConsoleLoggerProvider(
            provider.GetRequiredService<JsonLogFormatter>(),
            toStandardError ? Console.OpenStandardError() : Console.OpenStandardOutput()));
    }

    private void Write<TState>(in LogEntry<TState> entry)
    {
        var line = t_line ??= new ArrayBufferWriter<byte>(1024);
        line.ResetWrittenCount();
        _formatter.Write(entry, _scopes, line);
        if (line.WrittenCount == 0)
        {
            return;
        }

        bool full;
        lock (_lock)
        {
            _pending.Write(line.WrittenSpan);
            full = _pending.WrittenCount >= FlushAtBytes;
        }

        if (full || entry.LogLevel >= LogLevel.Warning)
        {
            Flush();
        }
    }

    /// <summary>Swaps the buffers under the lock, writes outside it; one writer at a time.</summary>
    private void Flush()
    {
        lock (_output)
        {
            ArrayBufferWriter<byte> ready;
            lock (_lock)
            {
                if (_pending.WrittenCount == 0)
                {
                    return;
                }

                ready = _pending;
                _pending = _spare;
            }

            _output.Write(ready.WrittenSpan);
            _output.Flush();
            ready.ResetWrittenCount();
            lock (_lock)
            {
                _spare = ready;
            }
        }
    }

    private sealed class BufferedConsoleLogger(BufferedConsoleLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
            }
        }
    }
}
