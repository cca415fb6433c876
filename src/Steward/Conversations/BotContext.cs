using System.Text.Json;
using Steward.Responders;
using Steward.Tools;

namespace Steward.Conversations;

/// <summary>
/// What produced a turn's answer, stored with the turn and with every tool call the turn made: the responder and its
/// version, the model, what was understood, the evidence retrieved, the tool calls, the time taken and the tokens used.
/// Tool calls carry the part known when they ran (no latency or tokens yet); the turn id ties them together.
/// </summary>
public sealed record BotContext(
    string TurnId,
    string? SessionId,
    string Channel,
    string Responder,
    string ResponderVersion,
    string? Model,
    string Intent,
    double Confidence,
    IReadOnlyList<long> RetrievedIds,
    IReadOnlyList<long> ToolCallIds,
    double? LatencyMs,
    TokenUsage? TokenUsage,
    IReadOnlyList<string> Flags)
{
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, ToolResult.Json);
}
