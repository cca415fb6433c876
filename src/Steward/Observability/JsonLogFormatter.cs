using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Steward.Security;

namespace Steward.Observability;

/// <summary>
/// One JSON object per line: timestamp, level, category, message, exception, then every structured value and scope
/// field as a top-level property. Every string that leaves here has passed the PII masker.
/// </summary>
internal sealed class JsonLogFormatter(PiiMasker masker)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Identifiers Steward generates itself (never user text): written without the masker's scan.</summary>
    private static readonly HashSet<string> GeneratedIdentifiers = new(StringComparer.Ordinal) { "request_id", "trace_id", "span_id", "parent_id", "connection_id" };

    private static readonly ConcurrentDictionary<string, string> SnakeCaseNames = new(StringComparer.Ordinal);

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Appends one JSON line (UTF-8, ending in a newline) to <paramref name="output"/>; nothing for an empty entry.</summary>
    public void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, IBufferWriter<byte> output)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var writer = t_writer ??= new Utf8JsonWriter(output, WriterOptions);
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WriteString("timestamp", DateTimeOffset.UtcNow);
        writer.WriteString("level", logEntry.LogLevel.ToString());
        writer.WriteString("category", logEntry.Category);
        if (logEntry.EventId.Id != 0)
        {
            writer.WriteNumber("event_id", logEntry.EventId.Id);
        }

        writer.WriteString("message", masker.Mask(message));
        if (logEntry.Exception is not null)
        {
            writer.WriteString("exception", masker.Mask(logEntry.Exception.ToString()));
        }

        scopeProvider?.ForEachScope(static (scope, state) => WriteFields(scope, state.Writer, state.Masker), new FieldState(writer, masker));
        WriteFields(logEntry.State, writer, masker);
        writer.WriteEndObject();
        writer.Flush();
        output.Write("\n"u8);
    }

    /// <summary>The line as a string (tests, tools).</summary>
    public string Format<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(logEntry, scopeProvider, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private readonly record struct FieldState(Utf8JsonWriter Writer, PiiMasker Masker);

    private static void WriteFields(object? state, Utf8JsonWriter writer, PiiMasker masker)
    {
        if (state is not IEnumerable<KeyValuePair<string, object?>> fields)
        {
            return;
        }

        foreach (var (key, value) in fields)
        {
            // Raw request paths stay out of logs (ASP.NET Core's request scope carries one); the route template is logged instead.
            if (key is "{OriginalFormat}" or "RequestPath" or "timestamp" or "level" or "category" or "message" or "exception")
            {
                continue;
            }

            var name = SnakeCase(key);
            switch (value)
            {
                case null:
                    writer.WriteNull(name);
                    break;
                case bool flag:
                    writer.WriteBoolean(name, flag);
                    break;
                case int or long or short or byte or uint or ulong:
                    writer.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case double or float or decimal:
                    writer.WriteNumber(name, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    break;
                case string text when GeneratedIdentifiers.Contains(name):
                    writer.WriteString(name, text);
                    break;
                default:
                    writer.WriteString(name, masker.Mask(Convert.ToString(value, CultureInfo.InvariantCulture)));
                    break;
            }
        }
    }

    private static string SnakeCase(string key)
    {
        if (SnakeCaseNames.TryGetValue(key, out var name))
        {
            return name;
        }

        name = JsonNamingPolicy.SnakeCaseLower.ConvertName(key);
        if (SnakeCaseNames.Count < 4096)
        {
            SnakeCaseNames.TryAdd(key, name);
        }

        return name;
    }
}
