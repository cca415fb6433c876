using System.Text.Json;

namespace Steward.Storage;

/// <summary>How enum values are written to the database and the API: snake_case, as JSON writes them.</summary>
public static class Names
{
    public static string SnakeCase<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
