using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Steward.Conversations.Sessions;

/// <summary>
/// The stored forms of a session's context (<c>[{"role":"user","text":…,"at":epoch ms,"intent":…}]</c>), its slots
/// (<c>{"name":"value"}</c>) and a turn's flags (<c>["fallback"]</c>): readable in the database, Korean unescaped.
/// </summary>
internal static class SessionJson
{
    public const string EmptyContext = "[]";
    public const string EmptySlots = "{}";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string WriteContext(CachedMessage[] messages) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var message in messages)
        {
            writer.WriteStartObject();
            writer.WriteString("role", message.Role == MessageRole.User ? "user" : "assistant");
            writer.WriteString("text", message.Text);
            writer.WriteNumber("at", message.AtMs);
            if (message.Intent is not null)
            {
                writer.WriteString("intent", message.Intent);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static CachedMessage[] ReadContext(string json, StringPool strings)
    {
        using var document = JsonDocument.Parse(json);
        var messages = new CachedMessage[document.RootElement.GetArrayLength()];
        var i = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            var role = element.GetProperty("role").GetString() == "user" ? MessageRole.User : MessageRole.Assistant;
            var intent = element.TryGetProperty("intent", out var value) ? strings.Intern(value.GetString()) : null;
            messages[i++] = new CachedMessage(element.GetProperty("text").GetString()!, intent, element.GetProperty("at").GetInt64(), role);
        }

        return messages;
    }

    public static string WriteSlots(KeyValuePair<string, string>[] slots) => slots.Length == 0 ? EmptySlots : Write(writer =>
    {
        writer.WriteStartObject();
        foreach (var (name, value) in slots)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
    });

    public static KeyValuePair<string, string>[] ReadSlots(string json, StringPool strings)
    {
        if (json == EmptySlots)
        {
            return CachedSession.NoSlots;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, string>(strings.Intern(p.Name), p.Value.GetString()!)).ToArray();
    }

    /// <summary>Slots as the cache keeps them: an array (no dictionary per session), names interned, sorted for a stable stored form.</summary>
    public static KeyValuePair<string, string>[] ToSlots(IReadOnlyDictionary<string, string> slots, StringPool strings) =>
        slots.Count == 0
            ? CachedSession.NoSlots
            : slots.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValuePair<string, string>(strings.Intern(p.Key), p.Value)).ToArray();

    public static string WriteFlags(IReadOnlyList<string> flags) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var flag in flags)
        {
            writer.WriteStringValue(flag);
        }

        writer.WriteEndArray();
    });

    public static string[] ReadFlags(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
