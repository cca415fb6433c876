using System.Text.Json;
using Steward.Conversations;
using Steward.Intents;
using Steward.Knowledge;
using Steward.Tools;

namespace Steward.Responders;

/// <summary>
/// Everything a responder may use to answer one turn: the message, what was understood of it, the session, and the
/// evidence the pipeline gathered (tool results and knowledge-base passages above the grounding score).
/// </summary>
/// <param name="Language">"ko" or "en": the language to answer in.</param>
/// <param name="Now">The turn's instant; with <paramref name="TimeZone"/> it gives "today" for prompts and dates.</param>
/// <param name="BotContext">The turn's <c>bot_context</c> as its tool calls carry it: a responder that calls tools passes it on.</param>
public sealed record TurnContext(
    string OrgId,
    ConversationSession Session,
    string Text,
    string Language,
    string Intent,
    double Confidence,
    IReadOnlyList<Entity> Entities,
    IReadOnlyDictionary<string, string> Slots,
    IReadOnlyList<ToolCallOutcome> ToolResults,
    IReadOnlyList<KbHit> Passages,
    ToolCaller Caller,
    ToolCallMode Mode,
    DateTimeOffset Now,
    TimeZoneInfo TimeZone,
    JsonElement? BotContext = null);

public sealed record TokenUsage(long InputTokens, long OutputTokens);

/// <summary>
/// A responder's answer before the grounding check. <see cref="DataBasis"/> names the evidence it rests on
/// (<c>tool:{call id}</c>, <c>kb:{chunk id}</c>); an answer with no basis is only acceptable when it states that it cannot
/// answer from the data (<see cref="Grounded"/> false, e.g. asking for the order number).
/// </summary>
/// <param name="ToolCalls">Calls the responder made itself (an LLM's function calls), on top of the pipeline's.</param>
public sealed record ResponderDraft(
    string Answer,
    bool Grounded,
    IReadOnlyList<string> DataBasis,
    IReadOnlyList<ToolCallOutcome> ToolCalls,
    string? Model,
    TokenUsage? Usage);

/// <summary>Writes the answer of a turn from its context. The embedded responder is the default; the LLM one is optional.</summary>
public interface IResponder
{
    /// <summary>"embedded" or "llm:{provider}".</summary>
    string Name { get; }

    string Version { get; }

    Task<ResponderDraft> DraftAsync(TurnContext context, CancellationToken cancellationToken);
}
