using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using OpenAiChatMessage = OpenAI.Chat.ChatMessage;
using OpenAiFinishReason = OpenAI.Chat.ChatFinishReason;

namespace Steward.Llm;

/// <summary>Microsoft.Extensions.AI's chat types to the OpenAI SDK's and back: messages, tools, options, completions.</summary>
internal static class OpenAiMapping
{
    public static List<OpenAiChatMessage> ToOpenAi(IEnumerable<AiChatMessage> messages)
    {
        var result = new List<OpenAiChatMessage>();
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                result.Add(new SystemChatMessage(message.Text));
            }
            else if (message.Role == ChatRole.User)
            {
                result.Add(new UserChatMessage(message.Text));
            }
            else if (message.Role == ChatRole.Assistant)
            {
                result.Add(ToAssistant(message));
            }
            else if (message.Role == ChatRole.Tool)
            {
                result.AddRange(message.Contents.OfType<FunctionResultContent>().Select(r => new ToolChatMessage(r.CallId, ResultText(r.Result))));
            }
            else
            {
                throw new NotSupportedException($"Chat role '{message.Role}' has no OpenAI equivalent.");
            }
        }

        return result;
    }

    public static ChatCompletionOptions ToOpenAi(ChatOptions? options)
    {
        var result = new ChatCompletionOptions();
        if (options is null)
        {
            return result;
        }

        result.MaxOutputTokenCount = options.MaxOutputTokens;
        result.Temperature = options.Temperature;
        result.TopP = options.TopP;
        foreach (var stop in options.StopSequences ?? [])
        {
            result.StopSequences.Add(stop);
        }

        if (options.ResponseFormat is ChatResponseFormatJson)
        {
            result.ResponseFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonObjectFormat();
        }

        foreach (var function in options.Tools?.OfType<AIFunctionDeclaration>() ?? [])
        {
            result.Tools.Add(ChatTool.CreateFunctionTool(function.Name, function.Description, BinaryData.FromString(function.JsonSchema.GetRawText())));
        }

        // OpenAI refuses a tool choice without tools, so the mode only travels with them.
        if (result.Tools.Count > 0 && options.ToolMode is { } mode)
        {
            result.ToolChoice = mode switch
            {
                NoneChatToolMode => ChatToolChoice.CreateNoneChoice(),
                RequiredChatToolMode { RequiredFunctionName: { } name } => ChatToolChoice.CreateFunctionChoice(name),
                RequiredChatToolMode => ChatToolChoice.CreateRequiredChoice(),
                _ => ChatToolChoice.CreateAutoChoice(),
            };
        }

        return result;
    }

    public static ChatResponse FromOpenAi(ChatCompletion completion)
    {
        var contents = new List<AIContent>();
        contents.AddRange(completion.Content.Where(part => !string.IsNullOrEmpty(part.Text)).Select(part => new TextContent(part.Text)));
        if (!string.IsNullOrEmpty(completion.Refusal))
        {
            contents.Add(new TextContent(completion.Refusal));
        }

        contents.AddRange(completion.ToolCalls.Select(call => ToFunctionCall(call.Id, call.FunctionName, call.FunctionArguments.ToString())));
        return new ChatResponse(new AiChatMessage(ChatRole.Assistant, contents))
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = FromOpenAi(completion.FinishReason),
            Usage = FromOpenAi(completion.Usage),
            RawRepresentation = completion,
        };
    }

    public static FunctionCallContent ToFunctionCall(string callId, string name, string argumentsJson) =>
        FunctionCallContent.CreateFromParsedArguments(argumentsJson, callId, name, ParseArguments);

    public static AiFinishReason? FromOpenAi(OpenAiFinishReason? reason) => reason switch
    {
        OpenAiFinishReason.Stop => AiFinishReason.Stop,
        OpenAiFinishReason.Length => AiFinishReason.Length,
        OpenAiFinishReason.ContentFilter => AiFinishReason.ContentFilter,
        OpenAiFinishReason.ToolCalls or OpenAiFinishReason.FunctionCall => AiFinishReason.ToolCalls,
        _ => null,
    };

    public static UsageDetails? FromOpenAi(ChatTokenUsage? usage) => usage is null ? null : new UsageDetails
    {
        InputTokenCount = usage.InputTokenCount,
        OutputTokenCount = usage.OutputTokenCount,
        TotalTokenCount = usage.TotalTokenCount,
    };

    private static AssistantChatMessage ToAssistant(AiChatMessage message)
    {
        var calls = message.Contents.OfType<FunctionCallContent>()
            .Select(call => ChatToolCall.CreateFunctionToolCall(
                call.CallId, call.Name, BinaryData.FromString(JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions))))
            .ToList();
        if (calls.Count == 0)
        {
            return new AssistantChatMessage(message.Text);
        }

        var assistant = new AssistantChatMessage(calls);
        if (!string.IsNullOrEmpty(message.Text))
        {
            assistant.Content.Add(ChatMessageContentPart.CreateTextPart(message.Text));
        }

        return assistant;
    }

    private static string ResultText(object? result) => result switch
    {
        null => "null",
        string text => text,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions),
    };

    private static Dictionary<string, object?> ParseArguments(string json) =>
        string.IsNullOrWhiteSpace(json)
            ? []
            : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!.ToDictionary(pair => pair.Key, pair => (object?)pair.Value);
}
