using System.Text.Json;
using Microsoft.Extensions.AI;
using Steward.Llm;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Llm;

public class OpenAiChatClientTests
{
    private static readonly AIFunctionDeclaration LookupOrder = AIFunctionFactory.CreateDeclaration(
        "lookup_order", "One order by its number.",
        JsonDocument.Parse("""{"type":"object","properties":{"order_id":{"type":"string","description":"e.g. 20240101-0000123"}},"required":["order_id"]}""").RootElement);

    [Fact]
    public async Task A_streamed_answer_arrives_in_pieces_with_the_usage_at_the_end()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.Enqueue(FakeReply.Answer("주문하신 상품은 내일 출발합니다.", inputTokens: 120, outputTokens: 18));
        using var clients = new LlmTestClients(fake, TimeProvider.System);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in clients.Client.GetStreamingResponseAsync(LlmTestClients.Question()))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count(u => u.Text.Length > 0) > 3, "text should arrive in several pieces");
        var response = updates.ToChatResponse();
        Assert.Equal("주문하신 상품은 내일 출발합니다.", response.Text);
        Assert.Equal(120, response.Usage?.InputTokenCount);
        Assert.Equal(18, response.Usage?.OutputTokenCount);
        Assert.Equal(FakeOpenAi.Model, response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.True(Assert.Single(fake.ChatRequests).Streamed);
    }

    [Fact]
    public async Task A_streamed_function_call_is_assembled_from_its_pieces()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.Enqueue(FakeReply.Call("lookup_order", new { order_id = "20240101-0000123" }));
        using var clients = new LlmTestClients(fake, TimeProvider.System);

        var response = await clients.Client.GetStreamingResponseAsync(LlmTestClients.Question(), new ChatOptions { Tools = [LookupOrder] }).ToChatResponseAsync();

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("lookup_order", call.Name);
        Assert.Equal("call_1", call.CallId);
        Assert.Equal("20240101-0000123", ((JsonElement)call.Arguments!["order_id"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task A_stream_that_fails_before_its_first_chunk_is_tried_again()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.Enqueue(FakeReply.Error(503), FakeReply.Answer("두 번째에 성공"));
        using var clients = new LlmTestClients(fake, TimeProvider.System);

        var response = await clients.Client.GetStreamingResponseAsync(LlmTestClients.Question()).ToChatResponseAsync();

        Assert.Equal("두 번째에 성공", response.Text);
        Assert.Equal(2, fake.ChatRequests.Count);
    }

    [Fact]
    public async Task A_stream_that_never_starts_is_unavailable()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.WhenScriptEnds = FakeReply.Hanging();
        using var clients = new LlmTestClients(fake, TimeProvider.System, o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(150);
            o.MaxAttempts = 2;
        });

        await Assert.ThrowsAsync<LlmUnavailableException>(() => clients.Client.GetStreamingResponseAsync(LlmTestClients.Question()).ToChatResponseAsync());
        Assert.Equal(2, fake.ChatRequests.Count);
    }

    [Fact]
    public async Task A_stream_that_stalls_after_it_started_is_unavailable_and_not_repeated()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.Enqueue(new FakeReply(Text: "배송은 내일 출발합니다.", StallMidway: true));
        fake.WhenScriptEnds = FakeReply.Answer("never asked");
        using var clients = new LlmTestClients(fake, TimeProvider.System, o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
        var texts = new List<string>();

        var error = await Assert.ThrowsAsync<LlmUnavailableException>(async () =>
        {
            await foreach (var update in clients.Client.GetStreamingResponseAsync(LlmTestClients.Question()))
            {
                texts.Add(update.Text);
            }
        });

        Assert.Contains("stopped midway (timed out)", error.Message);
        Assert.Equal("배송은", string.Concat(texts));
        Assert.Single(fake.ChatRequests);
    }

    [Fact]
    public async Task Messages_tools_and_tool_results_go_out_in_OpenAI_shape_with_the_key_as_a_bearer_token()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.Enqueue(FakeReply.Answer("네"));
        using var clients = new LlmTestClients(fake, TimeProvider.System);
        List<ChatMessage> messages =
        [
            new(ChatRole.System, "규칙"),
            new(ChatRole.User, "주문 확인해 주세요"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_9", "lookup_order", new Dictionary<string, object?> { ["order_id"] = "20240101-0000123" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_9", JsonDocument.Parse("""{"ok":true}""").RootElement)]),
        ];

        await clients.Client.GetResponseAsync(messages, new ChatOptions { Tools = [LookupOrder], ToolMode = ChatToolMode.Auto });

        var request = Assert.Single(fake.ChatRequests);
        Assert.Equal("Bearer sk-test-key", request.Authorization);
        Assert.Equal(FakeOpenAi.Model, request.Body.GetProperty("model").GetString());
        Assert.Equal(["lookup_order"], request.ToolNames);
        Assert.Equal("auto", request.Body.GetProperty("tool_choice").GetString());
        var sent = request.Messages.EnumerateArray().ToList();
        Assert.Equal(["system", "user", "assistant", "tool"], sent.Select(m => m.GetProperty("role").GetString()));
        var toolCall = sent[2].GetProperty("tool_calls")[0];
        Assert.Equal("call_9", toolCall.GetProperty("id").GetString());
        Assert.Equal("20240101-0000123", JsonDocument.Parse(toolCall.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("order_id").GetString());
        Assert.Equal("call_9", sent[3].GetProperty("tool_call_id").GetString());
        Assert.Equal("""{"ok":true}""", sent[3].GetProperty("content").GetString());
        var schema = request.Body.GetProperty("tools")[0].GetProperty("function").GetProperty("parameters");
        Assert.Equal("order_id", schema.GetProperty("required")[0].GetString());
    }

    [Fact]
    public async Task A_server_without_a_key_gets_no_Authorization_header()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.Enqueue(FakeReply.Answer("ok"));
        using var clients = new LlmTestClients(fake, TimeProvider.System, o => o.ApiKey = null);

        var response = await clients.Client.GetResponseAsync(LlmTestClients.Question());

        Assert.Equal("ok", response.Text);
        Assert.Equal(11, response.Usage?.InputTokenCount);
        Assert.Null(Assert.Single(fake.ChatRequests).Authorization);
    }
}
