using System.Text.Json;
using Steward.Knowledge;
using Steward.Tools;

namespace Steward.Conversations;

/// <summary>Where a message came in: it names the turn's metrics and its stored rows.</summary>
public static class Channels
{
    public const string Ask = "ask";
    public const string Chat = "chat";
    public const string WebSocket = "ws";
    public const string Inquiry = "inquiry";
}

/// <summary>One message to answer. Without a session id the turn is one-off (<c>/api/ask</c>): nothing is remembered.</summary>
/// <param name="DryRun">Plan and read, change nothing: the pipeline's write tools (tickets, restock alerts) are skipped (replays).</param>
public sealed record TurnRequest(
    string OrgId,
    string Text,
    string Channel,
    ToolCaller Caller,
    ToolCallMode Mode,
    bool UseSession,
    string? SessionId = null,
    string? UserId = null,
    bool DryRun = false);

/// <summary>A knowledge-base passage the answer used.</summary>
public sealed record KbReference(long ChunkId, string DocumentId, string Title, string Heading, string Snippet, double Score)
{
    public static KbReference From(KbHit hit) => new(hit.ChunkId, hit.DocumentId, hit.Title, hit.Heading, hit.Snippet, Math.Round(hit.Score, 3));
}

/// <summary>A tool call the turn made, as the reply shows it.</summary>
public sealed record TurnToolCall(long CallId, string Tool, string Decision, bool Ok, string? ErrorCode);

/// <summary>
/// The answer to one turn. <see cref="DataBasis"/> names the evidence (<c>tool:{call id}</c>, <c>kb:{chunk id}</c>);
/// <see cref="Grounded"/> is false when the answer says it cannot answer from the data (and asks for what is missing).
/// <see cref="Flags"/> carries markers such as <c>fallback</c> (the LLM was down and the embedded responder answered:
/// nothing downstream may send it automatically), <c>needs_info</c>, <c>quota_exhausted</c>.
/// </summary>
public sealed record TurnReply(
    string Answer,
    string Intent,
    double Confidence,
    IReadOnlyList<KbReference> KbReferences,
    IReadOnlyList<string> DataBasis,
    IReadOnlyList<TurnToolCall> ToolCalls,
    bool Grounded,
    IReadOnlyList<string> Flags,
    string? SessionId,
    string TurnId,
    JsonElement BotContext);
