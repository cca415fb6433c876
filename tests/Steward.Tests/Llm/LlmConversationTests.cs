using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Steward.Hosting;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Llm;

/// <summary><c>POST /api/ask</c> with <c>Steward:Conversations:Responder=llm</c>: the turn pipeline drafting with the model.</summary>
public class LlmConversationTests
{
    [Fact]
    public async Task The_model_answers_the_turn_and_its_own_tool_calls_carry_the_turns_bot_context()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        await using var server = await StartAsync(fake);
        var orderId = await AnyOrderAsync(server, "배송중");
        fake.Enqueue(FakeReply.Call("track_shipment", new { order_id = orderId }), FakeReply.Answer($"주문 {orderId} 상품은 배송 중입니다."));

        var reply = await AskAsync(server, $"주문 {orderId} 상태 알려주세요");

        Assert.Equal($"주문 {orderId} 상품은 배송 중입니다.", reply.GetProperty("answer").GetString());
        var bot = reply.GetProperty("bot_context");
        Assert.Equal(("llm:compatible", FakeOpenAi.Model), (bot.GetProperty("responder").GetString(), bot.GetProperty("model").GetString()));
        Assert.DoesNotContain("fallback", reply.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var tracked = reply.GetProperty("tool_calls").EnumerateArray().Single(c => c.GetProperty("tool").GetString() == "track_shipment");
        var ledger = await server.Client.GetFromJsonAsync<JsonElement>($"/api/tools/calls?tool=track_shipment&limit=1");
        Assert.Equal(tracked.GetProperty("call_id").GetInt64(), ledger[0].GetProperty("id").GetInt64());
        Assert.Equal(reply.GetProperty("turn_id").GetString(), ledger[0].GetProperty("bot_context").GetProperty("turn_id").GetString());
        Assert.Contains("오늘은", fake.ChatRequests[0].SystemPrompt);
    }

    [Fact]
    public async Task A_provider_that_is_down_leaves_the_answer_to_the_embedded_responder_flagged_fallback()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.WhenScriptEnds = FakeReply.Error(503);
        await using var server = await StartAsync(fake);

        var reply = await AskAsync(server, "제 주문 배송 언제 와요?");

        Assert.Equal("embedded", reply.GetProperty("bot_context").GetProperty("responder").GetString());
        Assert.Contains("fallback", reply.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(3, fake.ChatRequests.Count);
    }

    [Fact]
    public async Task A_provider_out_of_quota_makes_the_reply_say_so()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.WhenScriptEnds = FakeReply.Error(429, retryAfter: "3600");
        await using var server = await StartAsync(fake);

        var reply = await AskAsync(server, "제 주문 배송 언제 와요?");

        Assert.Contains("quota_exhausted", reply.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("AI 사용 한도", reply.GetProperty("answer").GetString());
        Assert.Single(fake.ChatRequests);
    }

    [Fact]
    public async Task A_draft_that_states_figures_the_evidence_does_not_hold_is_refused()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        await using var server = await StartAsync(fake);
        var orderId = await AnyOrderAsync(server, "배송중");
        fake.Enqueue(FakeReply.Answer($"주문 {orderId}은 12월 31일에 도착하며 환불 금액은 39,900원입니다."));

        var reply = await AskAsync(server, $"주문번호 {orderId} 배송 언제 와요?");

        Assert.Contains("grounding_refused", reply.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.DoesNotContain("39,900", reply.GetProperty("answer").GetString());
        Assert.Equal("llm:compatible", reply.GetProperty("bot_context").GetProperty("responder").GetString());
    }

    [Fact]
    public async Task A_draft_whose_figures_all_come_from_the_tool_results_is_kept()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        await using var server = await StartAsync(fake);
        var orderId = await AnyOrderAsync(server, "배송중");
        var tracking = await server.Client.PostAsJsonAsync("/api/tools/track_shipment/call", new { arguments = new { order_id = orderId } });
        var trackingNo = (await TestServer.ReadAsync<JsonElement>(tracking)).GetProperty("data").GetProperty("tracking_no").GetString();
        fake.Enqueue(FakeReply.Answer($"주문 {orderId}은 송장번호 {trackingNo}로 배송 중입니다."));

        var reply = await AskAsync(server, $"주문번호 {orderId} 배송 언제 와요?");

        Assert.DoesNotContain("grounding_refused", reply.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal($"주문 {orderId}은 송장번호 {trackingNo}로 배송 중입니다.", reply.GetProperty("answer").GetString());
        Assert.True(reply.GetProperty("grounded").GetBoolean());
    }

    private static async Task<TestServer> StartAsync(FakeOpenAi fake)
    {
        var server = await TestServer.StartAsync(
            Backends.Sqlite,
            new Dictionary<string, string?> { ["Steward:RateLimits:AskPerMinute"] = "1000", ["Steward:RateLimits:AskPerHour"] = "10000" },
            args: LlmServerTests.Args(fake, ("Steward:Conversations:Responder", "llm")));
        await server.Services.GetRequiredService<Initializer>().SeedDemoContentAsync(Initializer.DemoOrg);
        return server;
    }

    private static async Task<JsonElement> AskAsync(TestServer server, string question)
    {
        var response = await server.Client.PostAsJsonAsync("/api/ask", new { question });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TestServer.ReadAsync<JsonElement>(response);
    }

    private static async Task<string> AnyOrderAsync(TestServer server, string status)
    {
        var tool = await server.Client.PostAsJsonAsync("/api/tools/list_orders/call", new { arguments = new { status, limit = 1 } });
        return (await TestServer.ReadAsync<JsonElement>(tool)).GetProperty("data").GetProperty("orders")[0].GetProperty("order_id").GetString()!;
    }
}
