using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Steward.Hosting;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Conversations;

/// <summary><c>POST /api/ask</c> in the demo org with the embedded responder: grounded answers, refusals, limits.</summary>
public class AskTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(Backends.Sqlite, new Dictionary<string, string?> { ["Steward:RateLimits:AskPerMinute"] = "1000", ["Steward:RateLimits:AskPerHour"] = "10000" });
        await _server.Services.GetRequiredService<Initializer>().SeedDemoContentAsync(Initializer.DemoOrg);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement> AskAsync(string question)
    {
        var response = await _server.Client.PostAsJsonAsync("/api/ask", new { question });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TestServer.ReadAsync<JsonElement>(response);
    }

    private async Task<string> AnyOrderAsync(string status)
    {
        var tool = await _server.Client.PostAsJsonAsync("/api/tools/list_orders/call", new { arguments = new { status, limit = 1 } });
        return (await TestServer.ReadAsync<JsonElement>(tool)).GetProperty("data").GetProperty("orders")[0].GetProperty("order_id").GetString()!;
    }

    [Fact]
    public async Task A_delivery_question_with_an_order_number_is_answered_from_the_tracking_data()
    {
        var orderId = await AnyOrderAsync("배송중");
        var reply = await AskAsync($"주문번호 {orderId} 배송 언제 와요?");

        Assert.Equal("배송문의", reply.GetProperty("intent").GetString());
        Assert.True(reply.GetProperty("grounded").GetBoolean());
        Assert.Contains(orderId, reply.GetProperty("answer").GetString());
        Assert.Contains("송장번호", reply.GetProperty("answer").GetString());
        var call = reply.GetProperty("tool_calls")[0];
        Assert.Equal("track_shipment", call.GetProperty("tool").GetString());
        Assert.Contains($"tool:{call.GetProperty("call_id").GetInt64()}", reply.GetProperty("data_basis").EnumerateArray().Select(b => b.GetString()));
        var bot = reply.GetProperty("bot_context");
        Assert.Equal("embedded", bot.GetProperty("responder").GetString());
        Assert.Equal(call.GetProperty("call_id").GetInt64(), bot.GetProperty("tool_call_ids")[0].GetInt64());
        Assert.True(bot.GetProperty("latency_ms").GetDouble() > 0);

        var ledger = await _server.Client.GetFromJsonAsync<JsonElement>("/api/tools/calls?limit=1");
        Assert.Equal(reply.GetProperty("turn_id").GetString(), ledger[0].GetProperty("bot_context").GetProperty("turn_id").GetString());
    }

    [Fact]
    public async Task Without_an_order_number_it_asks_for_one_instead_of_guessing()
    {
        var reply = await AskAsync("제 주문 배송 언제 와요?");
        Assert.Equal("배송문의", reply.GetProperty("intent").GetString());
        Assert.Contains("주문번호", reply.GetProperty("answer").GetString());
        Assert.Empty(reply.GetProperty("tool_calls").EnumerateArray());
    }

    [Fact]
    public async Task A_policy_question_is_answered_from_the_knowledge_base_with_references()
    {
        var reply = await AskAsync("반품은 며칠 안에 신청해야 하나요?");
        Assert.True(reply.GetProperty("grounded").GetBoolean());
        var references = reply.GetProperty("kb_references");
        Assert.True(references.GetArrayLength() > 0);
        Assert.Contains($"kb:{references[0].GetProperty("chunk_id").GetInt64()}", reply.GetProperty("data_basis").EnumerateArray().Select(b => b.GetString()));
    }

    [Fact]
    public async Task An_unknown_order_is_said_to_be_unknown_not_invented()
    {
        var reply = await AskAsync("주문번호 20200101-0000001 어디쯤 왔나요?");
        Assert.Contains("찾을 수 없습니다", reply.GetProperty("answer").GetString());
        Assert.False(reply.GetProperty("tool_calls")[0].GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Something_the_data_cannot_answer_is_refused()
    {
        var reply = await AskAsync("내일 서울 날씨 어때요?");
        Assert.False(reply.GetProperty("grounded").GetBoolean());
        Assert.Empty(reply.GetProperty("data_basis").EnumerateArray());
        Assert.Contains("needs_info", reply.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Questions_over_500_characters_or_empty_are_problems()
    {
        var tooLong = await _server.Client.PostAsJsonAsync("/api/ask", new { question = new string('가', 501) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("application/problem+json", tooLong.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.Client.PostAsJsonAsync("/api/ask", new { question = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.Client.PostAsJsonAsync("/api/ask", new { q = "배송" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.CreateClient().PostAsJsonAsync("/api/ask", new { question = "배송" })).StatusCode);
    }
}

public class AskRateLimitTests
{
    [Fact]
    public async Task The_eleventh_question_in_a_minute_from_one_key_is_429_with_retry_after()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsJsonAsync("/api/ask", new { question = "반품 기간이 어떻게 되나요?" })).StatusCode);
        }

        var limited = await server.Client.PostAsJsonAsync("/api/ask", new { question = "반품 기간이 어떻게 되나요?" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
    }
}
