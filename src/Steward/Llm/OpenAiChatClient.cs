using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;

namespace Steward.Llm;

/// <summary>
/// <see cref="IChatClient"/> over the official OpenAI SDK's <see cref="ChatClient"/>, for any OpenAI-compatible Chat
/// Completions endpoint (Microsoft.Extensions.AI.OpenAI is not in our registry). The SDK's own retries are off: the
/// resilience decorator is the only place that tries again. Failures leave as <see cref="LlmRequestException"/>.
/// The model is the configured one; <see cref="ChatOptions.ModelId"/> does not change it.
/// </summary>
internal sealed class OpenAiChatClient(ChatClient client, string provider, Uri? endpoint, string model, TimeProvider time) : IChatClient
{
    private readonly ChatClientMetadata _metadata = new(provider, endpoint, model);

    /// <summary>An SDK client on <paramref name="http"/> (whose own timeout must not cut in first) for <paramref name="provider"/>.</summary>
    public static OpenAiChatClient Create(LlmProvider provider, string? apiKey, HttpClient http, TimeProvider time)
    {
        if (!provider.IsEnabled || provider.BaseUrl is null || provider.Model is null)
        {
            throw new InvalidOperationException("No LLM provider is configured.");
        }

        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(provider.BaseUrl.ToString().TrimEnd('/')),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            Transport = new HttpClientPipelineTransport(http),
        };
        if (apiKey is null)
        {
            options.AddPolicy(new NoAuthorizationPolicy(), PipelinePosition.BeforeTransport);
        }

        // The SDK insists on a credential; without a key the placeholder is stripped before the request leaves.
        var chat = new ChatClient(provider.Model, new ApiKeyCredential(apiKey ?? "none"), options);
        return new OpenAiChatClient(chat, provider.Name, provider.BaseUrl, provider.Model, time);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var completion = await client.CompleteChatAsync(OpenAiMapping.ToOpenAi(messages), OpenAiMapping.ToOpenAi(options), cancellationToken);
            return OpenAiMapping.FromOpenAi(completion.Value);
        }
        catch (Exception ex) when (Translate(ex) is { } failure)
        {
            throw failure;
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AiChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var stream = client.CompleteChatStreamingAsync(OpenAiMapping.ToOpenAi(messages), OpenAiMapping.ToOpenAi(options), cancellationToken);
        await using var updates = stream.GetAsyncEnumerator(cancellationToken);
        var calls = new SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)>();
        string? responseId = null, modelId = null;
        DateTimeOffset? createdAt = null;
        while (true)
        {
            StreamingChatCompletionUpdate update;
            try
            {
                if (!await updates.MoveNextAsync())
                {
                    break;
                }

                update = updates.Current;
            }
            catch (Exception ex) when (Translate(ex) is { } failure)
            {
                throw failure;
            }

            responseId ??= update.CompletionId;
            modelId ??= update.Model;
            createdAt ??= update.CreatedAt;
            foreach (var part in update.ToolCallUpdates)
            {
                var call = calls.TryGetValue(part.Index, out var known) ? known : (null, null, new StringBuilder());
                calls[part.Index] = (call.Id ?? part.ToolCallId, call.Name ?? part.FunctionName, call.Arguments.Append(part.FunctionArgumentsUpdate?.ToString()));
            }

            var contents = new List<AIContent>();
            contents.AddRange(update.ContentUpdate.Where(p => !string.IsNullOrEmpty(p.Text)).Select(p => new TextContent(p.Text)));
            if (!string.IsNullOrEmpty(update.RefusalUpdate))
            {
                contents.Add(new TextContent(update.RefusalUpdate));
            }

            if (OpenAiMapping.FromOpenAi(update.Usage) is { } usage)
            {
                contents.Add(new UsageContent(usage));
            }

            if (contents.Count > 0 || update.FinishReason is not null)
            {
                yield return Update(contents, responseId, modelId, createdAt, OpenAiMapping.FromOpenAi(update.FinishReason), update);
            }
        }

        // A function call arrives in pieces (id and name first, the arguments in fragments); it is whole only at the end.
        if (calls.Count > 0)
        {
            var functionCalls = calls.Values.Select(c => (AIContent)OpenAiMapping.ToFunctionCall(c.Id ?? "", c.Name ?? "", c.Arguments.ToString())).ToList();
            yield return Update(functionCalls, responseId, modelId, createdAt, ChatFinishReason.ToolCalls, null);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType == typeof(ChatClient) ? client
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // The SDK client owns nothing to release; the HttpClient belongs to the factory.
    }

    private static ChatResponseUpdate Update(
        IList<AIContent> contents, string? responseId, string? modelId, DateTimeOffset? createdAt, ChatFinishReason? finishReason, object? raw) =>
        new(ChatRole.Assistant, contents)
        {
            ResponseId = responseId,
            MessageId = responseId,
            ModelId = modelId,
            CreatedAt = createdAt,
            FinishReason = finishReason,
            RawRepresentation = raw,
        };

    /// <summary>The SDK's and the network's failures as <see cref="LlmRequestException"/>; null for anything else (cancellation included).</summary>
    private LlmRequestException? Translate(Exception exception)
    {
        switch (exception)
        {
            case ClientResultException { Status: > 0 } result:
                var response = result.GetRawResponse();
                string? retryAfter = null;
                response?.Headers.TryGetValue("Retry-After", out retryAfter);
                // The SDK's exception quotes the provider's error text, which can echo the key: it is not kept as the inner exception.
                return new LlmRequestException(provider, LlmFailureKind.Status, result.Status,
                    LlmRequestException.ParseRetryAfter(retryAfter, time.GetUtcNow()), LlmRequestException.ReadErrorCode(BufferedContent(response)));
            case ClientResultException result:
                return new LlmRequestException(provider, LlmFailureKind.Connection, null, null, null, result.InnerException);
            case HttpRequestException or IOException:
                return new LlmRequestException(provider, LlmFailureKind.Connection, null, null, null, exception);
            case JsonException or FormatException or KeyNotFoundException or ArgumentException:
                return new LlmRequestException(provider, LlmFailureKind.InvalidResponse, null, null, null, exception);
            default:
                return null;
        }
    }

    private static BinaryData? BufferedContent(PipelineResponse? response)
    {
        try
        {
            return response?.Content;
        }
        catch (InvalidOperationException)
        {
            // A streamed error response that was never buffered: the status alone will do.
            return null;
        }
    }

    /// <summary>For servers that need no key (a local Ollama or llama.cpp): no Authorization header at all.</summary>
    private sealed class NoAuthorizationPolicy : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Remove("Authorization");
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Remove("Authorization");
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
