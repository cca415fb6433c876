using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steward.Cli;

internal static class CliOutput
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteJson(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"steward: {message}");
        return 1;
    }
}
