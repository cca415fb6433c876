using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steward.Tools;

/// <summary>A failure the caller can act on: a stable code for programs and a sentence a customer can read.</summary>
public sealed record ToolError(string Code, string Message);

/// <summary>What a tool returned: data on success, or a <see cref="ToolError"/>. Never an exception.</summary>
public sealed record ToolResult(JsonElement? Data, ToolError? Error)
{
    /// <summary>Tool data goes out as the HTTP API does: snake_case names, enums as snake_case strings.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    [JsonIgnore]
    public bool IsError => Error is not null;

    public static ToolResult Success<T>(T data) => new(JsonSerializer.SerializeToElement(data, Json), null);

    public static ToolResult Failure(string code, string message) => new(null, new ToolError(code, message));
}

/// <summary>The error codes Steward itself produces; tools add their own (e.g. <c>order_not_found</c>).</summary>
public static class ToolErrorCodes
{
    public const string UnknownTool = "unknown_tool";
    public const string Disabled = "tool_disabled";
    public const string RateLimited = "rate_limited";
    public const string ApprovalRequired = "approval_required";
    public const string InvalidArguments = "invalid_arguments";
    public const string Internal = "internal_error";
}
