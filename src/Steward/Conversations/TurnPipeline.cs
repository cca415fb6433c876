using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Steward.Commerce;
using Steward.Intents;
using Steward.Knowledge;
using Steward.Observability;
using Steward.Responders;
using Steward.Security;
using Steward.Tools;

namespace Steward.Conversations;

/// <summary>
/// One turn: normalise → intent and confidence → entities → merge with the session's slots → plan tool calls → run them
/// under the org's policies → retrieve passages → compose with the responder → grounding check → reply, stored with
/// its <c>bot_context</c> when the turn belongs to a session.
/// </summary>
public sealed partial class TurnPipeline(
    IntentClassifier classifier,
    EntityExtractor entities,
    ProductCatalogue catalogue,
    OrgStore orgs,
    ToolInvoker tools,
    ToolRegistry registry,
    KnowledgeBase knowledge,
    ResponderSelector responders,
    ISessionStore sessionStore,
    IOptions<ConversationOptions> options,
    StewardMetrics metrics,
    TimeProvider time,
    ILogger<TurnPipeline> logger)
{
    public async Task<TurnReply> RunAsync(TurnRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        var turnId = "turn_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        var text = Normalize(request.Text);
        var sessions = request.UseSession ? sessionStore : null;
        var session = sessions is null
            ? new ConversationSession("", request.OrgId, request.UserId, request.Channel, now, now, now, [], new Dictionary<string, string>())
            : await sessions.GetOrCreateAsync(request.OrgId, request.SessionId, request.UserId, request.Channel, cancellationToken);

        var zone = await orgs.TimeZoneAsync(request.OrgId, cancellationToken);
        var prediction = classifier.Classify(text);
        var extracted = entities.Extract(text, new ExtractionContext(now, zone, await catalogue.NamesAsync(request.OrgId, cancellationToken)));
        var (intent, confidence) = SlotFilling.Resolve(text, prediction.Intent, prediction.Confidence, options.Value.MinIntentConfidence, session.Slots, extracted);
        var slots = SlotFilling.Merge(session.Slots, extracted);
        slots.Remove(SlotFilling.PendingIntent);
        slots.Remove(SlotFilling.Missing);

        var responder = responders.Select();
        var sessionId = sessions is null ? null : session.Id;
        var toolContext = new BotContext(turnId, sessionId, request.Channel, responder.Name, responder.Version, null, intent, confidence, [], [], null, null, []).ToJson();
        var plan = ToolPlanner.Plan(intent, slots);
        var results = new List<ToolCallOutcome>();
        await CallAsync(plan.Calls, request, sessionId, toolContext, results, cancellationToken);
        await CallAsync(ToolPlanner.FollowUps(intent, slots, results, text), request, sessionId, toolContext, results, cancellationToken);
        if (plan.Missing is { } missing)
        {
            // The answer asks for it; the next message that supplies it continues this intent.
            slots[SlotFilling.PendingIntent] = intent;
            slots[SlotFilling.Missing] = missing;
        }

        var passages = await RetrieveAsync(request.OrgId, text, intent, cancellationToken);
        var language = Language(text) ?? session.Messages.Where(m => m.Role == MessageRole.User).Select(m => Language(m.Text)).LastOrDefault(l => l is not null) ?? "ko";
        var context = new TurnContext(request.OrgId, session, text, language, intent, confidence, extracted, slots, results, passages,
            request.Caller, request.Mode, now, zone, toolContext);

        var (draft, used, flags) = await responders.DraftAsync(responder, context, cancellationToken);
        if (!GroundingCheck.Passes(draft, context, generated: used.Name != EmbeddedResponder.ResponderName))
        {
            LogGroundingRefused(logger, request.OrgId, intent, used.Name);
            metrics.GroundingRefusals.Add(1, new KeyValuePair<string, object?>("intent", intent));
            flags.Add("grounding_refused");
            draft = await responders.Embedded.DraftAsync(context with { ToolResults = [], Passages = [] }, cancellationToken);
        }

        if (!draft.Grounded)
        {
            flags.Add("needs_info");
        }

        var allCalls = results.Concat(draft.ToolCalls).ToList();
        var latency = time.GetElapsedTime(started);
        var bot = new BotContext(turnId, sessionId, request.Channel, used.Name, used.Version, draft.Model, intent, Math.Round(confidence, 4),
            [.. passages.Select(p => p.ChunkId)], [.. allCalls.Select(c => c.CallId)], Math.Round(latency.TotalMilliseconds, 2), draft.Usage, flags);
        var reply = new TurnReply(draft.Answer, intent, Math.Round(confidence, 4), [.. passages.Select(KbReference.From)], draft.DataBasis,
            [.. allCalls.Select(c => new TurnToolCall(c.CallId, c.Tool, Storage.Names.SnakeCase(c.Decision), !c.Result.IsError, c.Result.Error?.Code))],
            draft.Grounded, flags, sessionId, turnId, bot.ToJson());

        if (sessions is not null)
        {
            await sessions.SaveTurnAsync(session, new TurnRecord(turnId, request.Channel, text, draft.Answer, intent, reply.Confidence, draft.Grounded,
                flags, reply.BotContext, now), slots, cancellationToken);
        }

        var tags = new TagList { { "channel", request.Channel }, { "intent", intent }, { "responder", used.Name } };
        metrics.Turns.Add(1, tags);
        metrics.TurnDuration.Record(time.GetElapsedTime(started).TotalSeconds, tags);
        return reply;
    }

    private async Task CallAsync(
        IReadOnlyList<PlannedCall> calls, TurnRequest request, string? sessionId, JsonElement botContext, List<ToolCallOutcome> results,
        CancellationToken cancellationToken)
    {
        foreach (var call in calls)
        {
            if (request.DryRun && (await registry.FindAsync(request.OrgId, call.Tool, cancellationToken))?.Access != ToolAccess.Read)
            {
                continue;
            }

            results.Add(await tools.InvokeAsync(new ToolCallRequest(request.OrgId, call.Tool, JsonSerializer.SerializeToElement(call.Arguments, ToolResult.Json),
                request.Caller, request.Mode, sessionId, botContext), cancellationToken));
        }
    }

    /// <summary>
    /// Passages above the grounding score, searched with the intent's topic word added (a delivery question is about
    /// 배송 even when it only says "언제 와요"), keeping only those close to the best one.
    /// </summary>
    private async Task<List<KbHit>> RetrieveAsync(string orgId, string text, string intent, CancellationToken cancellationToken)
    {
        var query = IntentTopics.TryGetValue(intent, out var topic) ? $"{text} {topic}" : text;
        var hits = await knowledge.SearchAsync(orgId, query, options.Value.KbPassages, cancellationToken);
        var best = hits.Count > 0 ? hits[0].Score : 0;
        return [.. hits.Where(hit => hit.Score >= options.Value.MinKbScore && hit.Score >= best * 0.6)];
    }

    private static readonly Dictionary<string, string> IntentTopics = new(StringComparer.Ordinal)
    {
        [IntentNames.Delivery] = "배송 출고",
        [IntentNames.AddressChange] = "배송지 변경",
        [IntentNames.Refund] = "반품 환불",
        [IntentNames.Exchange] = "교환",
        [IntentNames.Cancel] = "주문 취소",
        [IntentNames.Restock] = "재입고",
        [IntentNames.Usage] = "사용 방법",
        [IntentNames.Complaint] = "불량 파손",
    };

    /// <summary>"ko" for Hangul, "en" for Latin letters, null for a message of only numbers and signs (keep the conversation's).</summary>
    private static string? Language(string text) =>
        text.Any(c => c is >= '\uAC00' and <= '\uD7A3' or >= '\u3131' and <= '\u318E') ? "ko" : text.Any(char.IsAsciiLetter) ? "en" : null;

    /// <summary>Unicode NFC, whitespace runs to one space, trimmed.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString().TrimEnd();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grounding check refused a draft for org {OrgId}, intent {Intent}, responder {Responder}")]
    private static partial void LogGroundingRefused(ILogger logger, string orgId, string intent, string responder);
}
