using System.Text.Json;

namespace Steward.Tools;

/// <summary>
/// Checks arguments against the top level of a tool's JSON schema before the tool runs: an object, every required
/// property present, each property of its declared type (and enum), no unknown property when the schema forbids them.
/// Nested objects are left to the tool. Returns readable problems keyed by argument name; none means valid.
/// </summary>
public static class ToolArguments
{
    public static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();

    public static Dictionary<string, string> Validate(JsonElement schema, JsonElement arguments)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            problems["arguments"] = "Arguments must be a JSON object.";
            return problems;
        }

        var properties = schema.TryGetProperty("properties", out var declared) && declared.ValueKind == JsonValueKind.Object ? declared : default;
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!arguments.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    problems[name] = "Required.";
                }
            }
        }

        var closed = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
        foreach (var argument in arguments.EnumerateObject().Where(a => !problems.ContainsKey(a.Name)))
        {
            if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(argument.Name, out var property))
            {
                if (closed)
                {
                    problems[argument.Name] = "Unknown argument.";
                }

                continue;
            }

            if (Mismatch(property, argument.Value) is { } problem)
            {
                problems[argument.Name] = problem;
            }
        }

        return problems;
    }

    private static string? Mismatch(JsonElement property, JsonElement value)
    {
        var types = DeclaredTypes(property);
        if (types.Count > 0 && !types.Any(type => Matches(type, value)))
        {
            return $"Must be {string.Join(" or ", types)}.";
        }

        if (property.TryGetProperty("enum", out var allowed) && allowed.ValueKind == JsonValueKind.Array &&
            !allowed.EnumerateArray().Any(option => JsonElement.DeepEquals(option, value)))
        {
            return $"Must be one of {allowed.GetRawText()}.";
        }

        return null;
    }

    private static List<string> DeclaredTypes(JsonElement property) =>
        !property.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.String ? [type.GetString()!]
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)]
        : [];

    private static bool Matches(string type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };
}
