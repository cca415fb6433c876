using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace Steward.Tests.Fixtures;

/// <summary>One request the fake received: path, JSON body (chat only), Authorization header, and when it arrived.</summary>
public sealed record FakeRequest(string Path, JsonElement Body, string? Authorization, DateTimeOffset At)
{
    public bool Streamed => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;

    public JsonElement Messages => Body.GetProperty("messages");

    public string SystemPrompt => Messages.EnumerateArray().First(m => m.GetProperty("role").GetString() == "system").GetProperty("content").GetString()!;

    public IReadOnlyList<string> ToolNames => Body.TryGetProperty("tools", out var tools)
        ? [.. tools.EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()!)]
        : [];
}

/// <summary>What the fake answers next: text, a function call, an error status, nothing at all (it hangs), or a stream that stops midway.</summary>
public sealed record FakeReply(string? Text = null, string? ToolName = null, object? ToolArguments = null, int Status = 200,
    string? RetryAfter = null, string? ErrorCode = null, bool Hang = false, TimeSpan Delay = default, int InputTokens = 11, int OutputTokens = 7,
    bool StallMidway = false)
{
    public static FakeReply Answer(string text, int inputTokens = 11, int outputTokens = 7) => new(Text: text, InputTokens: inputTokens, OutputTokens: outputTokens);

    public static FakeReply Call(string tool, object arguments) => new(ToolName: tool, ToolArguments: arguments);

    public static FakeReply Error(int status, string? retryAfter = null, string? code = null) => new(Status: status, RetryAfter: retryAfter, ErrorCode: code);

    public static FakeReply Hanging() => new(Hang: true);
}

/// <summary>
/// An OpenAI-compatible server on a real Kestrel socket at 127.0.0.1: <c>POST /v1/chat/completions</c> (JSON, or SSE
/// chunks ending in <c>data: [DONE]</c> when <c>stream</c> is true) answers from a per-test script, and
/// <c>GET /v1/models</c> answers <see cref="ModelsStatus"/>. Every request is recorded.
/// </summary>
public sealed class FakeOpenAi : IAsyncDisposable
{
    public const string Model = "fake-model-1";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _script = new();

    private FakeOpenAi(WebApplication app) => _app = app;

    /// <summary>The API root to configure as <c>Steward:Llm:BaseUrl</c>.</summary>
    public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1";

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    public IReadOnlyList<FakeRequest> ChatRequests => [.. Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal))];

    public int ModelRequests => Requests.Count(r => r.Path.EndsWith("/models", StringComparison.Ordinal));

    /// <summary>Answered once the script is used up.</summary>
    public FakeReply WhenScriptEnds { get; set; } = FakeReply.Error(500, code: "no_scripted_reply");

    public int ModelsStatus { get; set; } = 200;

    /// <summary>A request the client gave up on may reach the server a moment after the client's exception: wait for it.</summary>
    public async Task<int> WaitForChatRequestsAsync(int count)
    {
        for (var i = 0; i < 200 && ChatRequests.Count < count; i++)
        {
            await Task.Delay(10);
        }

        return ChatRequests.Count;
    }

    public FakeOpenAi Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }

        return this;
    }

    public static async Task<FakeOpenAi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeOpenAi(app);
        app.MapPost("/v1/chat/completions", fake.ChatAsync);
        app.MapGet("/v1/models", (HttpContext context) =>
        {
            fake.Record(context, default);
            return fake.ModelsStatus == 200
                ? Results.Json(new { @object = "list", data = new[] { new { id = Model, @object = "model", owned_by = "steward-tests" } } })
                : Results.Json(new { error = new { message = "down", code = "unavailable" } }, statusCode: fake.ModelsStatus);
        });
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Record(HttpContext context, JsonElement body) =>
        Requests.Enqueue(new FakeRequest(context.Request.Path.Value!, body, context.Request.Headers.Authorization.FirstOrDefault(), DateTimeOffset.UtcNow));

    private async Task ChatAsync(HttpContext context)
    {
        var body = (await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted)).RootElement.Clone();
        Record(context, body);
        var reply = _script.TryDequeue(out var next) ? next : WhenScriptEnds;
        if (reply.Hang)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }

        await Task.Delay(reply.Delay, context.RequestAborted);
        if (reply.Status != 200)
        {
            if (reply.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = reply.RetryAfter;
            }

            context.Response.StatusCode = reply.Status;
            await context.Response.WriteAsJsonAsync(
                new { error = new { message = $"scripted {reply.Status} (sk-secret-should-not-leak)", type = "scripted", code = reply.ErrorCode } });
            return;
        }

        var streamed = body.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;
        if (!streamed)
        {
            await context.Response.WriteAsJsonAsync(Completion(reply));
            return;
        }

        context.Response.ContentType = "text/event-stream";
        var sent = 0;
        foreach (var chunk in Chunks(reply))
        {
            await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            if (++sent == 2 && reply.StallMidway)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    private static JsonObject Completion(FakeReply reply)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text };
        if (reply.ToolName is not null)
        {
            message["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = "call_1",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = reply.ToolName, ["arguments"] = JsonSerializer.Serialize(reply.ToolArguments) },
            });
        }

        var completion = Envelope("chat.completion");
        completion["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0, ["message"] = message, ["finish_reason"] = reply.ToolName is null ? "stop" : "tool_calls",
        });
        completion["usage"] = Usage(reply);
        return completion;
    }

    /// <summary>Text in three-character pieces; a function call as id and name first, then its arguments in pieces; usage last.</summary>
    private static IEnumerable<JsonObject> Chunks(FakeReply reply)
    {
        yield return Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
        var text = reply.Text ?? "";
        for (var i = 0; i < text.Length; i += 3)
        {
            yield return Chunk(new JsonObject { ["content"] = text.Substring(i, Math.Min(3, text.Length - i)) }, null);
        }

        if (reply.ToolName is not null)
        {
            var arguments = JsonSerializer.Serialize(reply.ToolArguments);
            yield return Chunk(ToolDelta(new JsonObject { ["id"] = "call_1", ["type"] = "function", ["function"] = new JsonObject { ["name"] = reply.ToolName, ["arguments"] = "" } }), null);
            for (var i = 0; i < arguments.Length; i += 5)
            {
                yield return Chunk(ToolDelta(new JsonObject { ["function"] = new JsonObject { ["arguments"] = arguments.Substring(i, Math.Min(5, arguments.Length - i)) } }), null);
            }
        }

        yield return Chunk(new JsonObject(), reply.ToolName is null ? "stop" : "tool_calls");
        var usage = Envelope("chat.completion.chunk");
        usage["choices"] = new JsonArray();
        usage["usage"] = Usage(reply);
        yield return usage;
    }

    private static JsonObject ToolDelta(JsonObject call)
    {
        call["index"] = 0;
        return new JsonObject { ["tool_calls"] = new JsonArray(call) };
    }

    private static JsonObject Chunk(JsonObject delta, string? finishReason)
    {
        var chunk = Envelope("chat.completion.chunk");
        chunk["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason });
        return chunk;
    }

    private static JsonObject Envelope(string kind) => new() { ["id"] = "chatcmpl-fake", ["object"] = kind, ["created"] = 1_790_000_000, ["model"] = Model };

    private static JsonObject Usage(FakeReply reply) => new()
    {
        ["prompt_tokens"] = reply.InputTokens, ["completion_tokens"] = reply.OutputTokens, ["total_tokens"] = reply.InputTokens + reply.OutputTokens,
    };
}
