using System.Text.Json;

namespace Steward.Tools;

/// <summary>Copies JSON with every string value (and property name) passed through the PII masker, so it stays valid JSON.</summary>
internal static class MaskedJson
{
    public static string Write(JsonElement element, Security.PiiMasker masker)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ToolResult.Json.Encoder }))
        {
            Copy(element, writer, masker);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Copy(JsonElement element, Utf8JsonWriter writer, Security.PiiMasker masker)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(masker.Mask(property.Name));
                    Copy(property.Value, writer, masker);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Copy(item, writer, masker);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(masker.Mask(element.GetString()));
                break;
            case JsonValueKind.Number:
                // A phone or card number sent as a JSON number is still personal data.
                var raw = element.GetRawText();
                var masked = masker.Mask(raw);
                if (ReferenceEquals(masked, raw) || masked == raw)
                {
                    writer.WriteRawValue(raw);
                }
                else
                {
                    writer.WriteStringValue(masked);
                }

                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
