using System.Text.Json;
using Microsoft.Extensions.AI;
using Steward.Llm;
using Steward.Tools;

namespace Steward.Responders;

/// <summary>
/// Answers a turn with the configured model: the prompt of <see cref="LlmPrompt"/>, the org's enabled tools offered as
/// functions, and every function call run through <see cref="ToolInvoker"/> as the turn's caller and mode (so policies,
/// approvals and the ledger apply exactly as for any other call), for at most <see cref="MaxToolRounds"/> rounds. The
/// answer is read as a stream. <see cref="LlmQuotaExhaustedException"/> and <see cref="LlmUnavailableException"/> reach
/// the pipeline, which answers with the embedded responder instead.
/// </summary>
public sealed partial class LlmResponder(
    IChatClient chat, LlmProvider provider, ToolRegistry registry, ToolPolicyStore policies, ToolInvoker invoker, ILogger<LlmResponder> logger) : IResponder
{
    /// <summary>Rounds in which the model may call tools; the round after them must answer.</summary>
    public const int MaxToolRounds = 4;

    public string Name => provider.ResponderName;

    /// <summary>The prompt's version: changes when <see cref="LlmPrompt"/> changes what the model is told.</summary>
    public string Version => "1";

    public async Task<ResponderDraft> DraftAsync(TurnContext context, CancellationToken cancellationToken)
    {
        var messages = LlmPrompt.Messages(context);
        var tools = await OfferedToolsAsync(context.OrgId, cancellationToken);
        var calls = new List<ToolCallOutcome>();
        long inputTokens = 0, outputTokens = 0;
        string? model = null;
        for (var round = 0; ; round++)
        {
            var options = new ChatOptions
            {
                Tools = tools.Count > 0 ? tools : null,
                ToolMode = round < MaxToolRounds ? ChatToolMode.Auto : ChatToolMode.None,
            }.ForOrg(context.OrgId);
            var response = await chat.GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);
            inputTokens += response.Usage?.InputTokenCount ?? 0;
            outputTokens += response.Usage?.OutputTokenCount ?? 0;
            model ??= response.ModelId;
            var requested = response.Messages.SelectMany(message => message.Contents).OfType<FunctionCallContent>().ToList();
            LogRound(logger, context.OrgId, round + 1, requested.Count);
            if (requested.Count == 0 || round >= MaxToolRounds)
            {
                var answer = response.Text.Trim();
                if (answer.Length == 0)
                {
                    throw new LlmUnavailableException(provider.Name, "the model returned no answer");
                }

                return Draft(context, answer, calls, model, inputTokens, outputTokens);
            }

            messages.AddRange(response.Messages);
            var results = new List<AIContent>();
            foreach (var call in requested)
            {
                results.Add(new FunctionResultContent(call.CallId, await RunAsync(context, call, calls, cancellationToken)));
            }

            messages.Add(new ChatMessage(ChatRole.Tool, results));
        }
    }

    private ResponderDraft Draft(TurnContext context, string answer, List<ToolCallOutcome> calls, string? model, long inputTokens, long outputTokens)
    {
        // Every call that produced evidence (as the embedded responder counts it) and every passage supplied.
        var basis = context.ToolResults.Concat(calls).Where(EmbeddedResponder.IsEvidence).Select(call => $"tool:{call.CallId}")
            .Concat(context.Passages.Select(passage => $"kb:{passage.ChunkId}"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new ResponderDraft(answer, basis.Count > 0, basis, calls, model ?? provider.Model, new TokenUsage(inputTokens, outputTokens));
    }

    /// <summary>The org's enabled tools as function declarations: name, description and the tool's own JSON schema.</summary>
    private async Task<List<AITool>> OfferedToolsAsync(string orgId, CancellationToken cancellationToken)
    {
        var offered = new List<AITool>();
        foreach (var tool in await registry.ListAsync(orgId, cancellationToken))
        {
            if ((await policies.GetAsync(orgId, tool, cancellationToken)).Policy.Enabled)
            {
                offered.Add(AIFunctionFactory.CreateDeclaration(tool.Name, tool.Description, tool.InputSchema));
            }
        }

        return offered;
    }

    /// <summary>Runs one function call through the invoker and returns what the model is told; unreadable arguments never run.</summary>
    private async Task<JsonElement> RunAsync(TurnContext context, FunctionCallContent call, List<ToolCallOutcome> calls, CancellationToken cancellationToken)
    {
        if (call.Exception is not null)
        {
            return JsonSerializer.SerializeToElement(new
            {
                tool = call.Name,
                ok = false,
                error = new ToolError(ToolErrorCodes.InvalidArguments, "The arguments were not valid JSON; call the tool again with a JSON object."),
            }, ToolResult.Json);
        }

        var arguments = JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);
        // A turn without a session (/api/ask) has an empty session id: the ledger gets none rather than "".
        var sessionId = string.IsNullOrEmpty(context.Session.Id) ? null : context.Session.Id;
        var outcome = await invoker.InvokeAsync(
            new ToolCallRequest(context.OrgId, call.Name, arguments, context.Caller, context.Mode, sessionId, context.BotContext), cancellationToken);
        calls.Add(outcome);
        return LlmPrompt.ToolResultJson(outcome);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "LLM responder for org {OrgId}: round {Round} asked for {Calls} tool call(s)")]
    private static partial void LogRound(ILogger logger, string orgId, int round, int calls);
}
