using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Steward.Security;

namespace Steward.Observability;

/// <summary>
/// One JSON object per line: timestamp, level, category, message, exception, then every structured value and scope
/// field as a top-level property. Every string that leaves here has passed the PII masker.
/// </summary>
internal sealed class MaskingJsonConsoleFormatter(PiiMasker masker) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "steward-json";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Identifiers Steward generates itself (never user text): written without the masker's scan.</summary>
    private static readonly HashSet<string> GeneratedIdentifiers = new(StringComparer.Ordinal) { "request_id", "trace_id", "span_id" };

    private static readonly ConcurrentDictionary<string, string> SnakeCaseNames = new(StringComparer.Ordinal);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
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

            scopeProvider?.ForEachScope((scope, state) => WriteFields(scope, state.writer, state.masker), (writer, masker));
            WriteFields(logEntry.State, writer, masker);
            writer.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }

    private static void WriteFields(object? state, Utf8JsonWriter writer, PiiMasker masker)
    {
        if (state is not IEnumerable<KeyValuePair<string, object?>> fields)
        {
            return;
        }

        foreach (var (key, value) in fields)
        {
            if (key == "{OriginalFormat}" || key is "timestamp" or "level" or "category" or "message" or "exception")
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
