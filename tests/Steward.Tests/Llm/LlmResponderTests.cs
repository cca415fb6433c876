using System.Text.Json;
using Steward.Conversations;
using Steward.Knowledge;
using Steward.Llm;
using Steward.Responders;
using Steward.Tests.Fixtures;
using Steward.Tools;

namespace Steward.Tests.Llm;

public class LlmResponderTests
{
    // 10:00 on Sunday 22 November 2026 in Seoul (01:00 UTC).
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_model_calls_lookup_order_through_the_invoker_and_answers_from_its_result(string backend)
    {
        await using var host = await LlmHost.StartAsync(backend);
        var orderId = await host.AnOrderIdAsync();
        host.Fake.Enqueue(FakeReply.Call("lookup_order", new { order_id = orderId }), FakeReply.Answer($"주문 {orderId}의 상태를 확인했습니다."));
        var responder = host.Services.GetServices<IResponder>().Single(r => r.Name.StartsWith("llm", StringComparison.Ordinal));
        var turn = Turn($"주문 {orderId} 어디쯤 왔나요?") with { BotContext = JsonDocument.Parse("""{"turn_id":"turn_1"}""").RootElement };

        var draft = await responder.DraftAsync(turn, CancellationToken.None);

        Assert.Equal("llm:compatible", responder.Name);
        Assert.Equal($"주문 {orderId}의 상태를 확인했습니다.", draft.Answer);
        var call = Assert.Single(draft.ToolCalls);
        Assert.Equal(("lookup_order", ToolDecision.Allowed, false), (call.Tool, call.Decision, call.Result.IsError));
        Assert.Equal([$"tool:{call.CallId}"], draft.DataBasis);
        Assert.True(draft.Grounded);
        Assert.Equal(FakeOpenAi.Model, draft.Model);
        Assert.Equal(new TokenUsage(22, 14), draft.Usage);

        var ledger = await host.Services.GetRequiredService<ToolCallLedger>().QueryAsync(LlmHost.Org, new ToolCallQuery(SessionId: "session-1"), CancellationToken.None);
        var entry = Assert.Single(ledger);
        Assert.Equal((call.CallId, "lookup_order", "ok", "user", "tester", "interactive"), (entry.Id, entry.Tool, entry.Outcome, entry.CallerType, entry.CallerId, entry.Mode));
        Assert.Equal("turn_1", entry.BotContext?.GetProperty("turn_id").GetString());

        var (first, second) = (host.Fake.ChatRequests[0], host.Fake.ChatRequests[1]);
        Assert.True(first.Streamed && second.Streamed);
        Assert.Contains("오늘은 2026년 11월 22일 일요일입니다", first.SystemPrompt);
        Assert.Contains("lookup_order", first.ToolNames);
        Assert.Contains("track_shipment", first.ToolNames);
        var toolMessage = second.Messages.EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal("call_1", toolMessage.GetProperty("tool_call_id").GetString());
        var result = JsonDocument.Parse(toolMessage.GetProperty("content").GetString()!).RootElement;
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(orderId, result.GetProperty("data").GetProperty("order_id").GetString());
    }

    [Fact]
    public async Task The_prompt_carries_history_and_evidence_and_offers_only_enabled_tools()
    {
        await using var host = await LlmHost.StartAsync(Backends.Sqlite);
        var orderId = await host.AnOrderIdAsync();
        await host.Services.GetRequiredService<ToolPolicyStore>().SetAsync(
            LlmHost.Org, "create_ticket", new ToolPolicy(false, false, 0), new Audit.AuditActor("user", "tester"), CancellationToken.None);
        var pipelineCall = await host.Services.GetRequiredService<ToolInvoker>().InvokeAsync(
            new ToolCallRequest(LlmHost.Org, "lookup_order", JsonSerializer.SerializeToElement(new { order_id = orderId }), new ToolCaller("user", "tester"),
                ToolCallMode.Interactive, "session-1"), CancellationToken.None);
        var passage = new KbHit("doc-1", "배송 안내", "출고", "평일 오후 2시 이전 주문은 당일 출고됩니다.", 7.5, 42);
        host.Fake.Enqueue(FakeReply.Answer("평일 오후 2시 이전 주문은 당일 출고됩니다."));
        var responder = host.Services.GetRequiredService<LlmResponder>();

        var draft = await responder.DraftAsync(Turn("언제 출고되나요?", [pipelineCall], [passage]), CancellationToken.None);

        Assert.Equal([$"tool:{pipelineCall.CallId}", "kb:42"], draft.DataBasis);
        Assert.True(draft.Grounded);
        Assert.Empty(draft.ToolCalls);
        var request = Assert.Single(host.Fake.ChatRequests);
        Assert.DoesNotContain("create_ticket", request.ToolNames);
        Assert.Contains("lookup_order", request.ToolNames);
        var messages = request.Messages.EnumerateArray().Select(m => (Role: m.GetProperty("role").GetString(), Text: m.GetProperty("content").GetString()!)).ToList();
        Assert.Equal(["system", "user", "assistant", "system", "user"], messages.Select(m => m.Role));
        Assert.Equal(("user", "안녕하세요"), messages[1]);
        Assert.Contains($"\"id\":\"tool:{pipelineCall.CallId}\"", messages[3].Text);
        Assert.Contains("\"id\":\"kb:42\"", messages[3].Text);
        Assert.Contains(orderId, messages[3].Text);
        Assert.Contains("당일 출고", messages[3].Text);
        Assert.Equal(("user", "언제 출고되나요?"), messages[4]);
    }

    [Fact]
    public async Task Without_evidence_the_answer_is_not_grounded()
    {
        await using var host = await LlmHost.StartAsync(Backends.Sqlite);
        host.Fake.Enqueue(FakeReply.Answer("주문번호를 알려주시면 확인해 드릴게요."));

        var draft = await host.Services.GetRequiredService<LlmResponder>().DraftAsync(Turn("제 주문 어디 있어요?"), CancellationToken.None);

        Assert.False(draft.Grounded);
        Assert.Empty(draft.DataBasis);
        Assert.Contains("규칙", host.Fake.ChatRequests[0].SystemPrompt);
    }

    [Fact]
    public async Task An_automatic_turn_cannot_change_an_address_without_a_person_approving_it()
    {
        await using var host = await LlmHost.StartAsync(Backends.Sqlite);
        var orderId = await host.AnOrderIdAsync();
        host.Fake.Enqueue(
            FakeReply.Call("update_order_shipping_address", new { order_id = orderId, recipient = "김철수", phone = "010-2222-3333", address = "서울시 중구 1" }),
            FakeReply.Answer("주소 변경은 담당자 승인 후 처리됩니다."));

        var draft = await host.Services.GetRequiredService<LlmResponder>().DraftAsync(Turn("주소 바꿔주세요", mode: ToolCallMode.Automatic), CancellationToken.None);

        var call = Assert.Single(draft.ToolCalls);
        Assert.Equal(ToolDecision.ApprovalRequired, call.Decision);
        Assert.NotNull(call.ApprovalId);
        Assert.Empty(draft.DataBasis);
        Assert.Contains("approval_required", host.Fake.ChatRequests[1].Messages.EnumerateArray().Last().GetProperty("content").GetString());
    }

    [Fact]
    public async Task After_four_rounds_of_tool_calls_the_model_must_answer()
    {
        await using var host = await LlmHost.StartAsync(Backends.Sqlite);
        var orderId = await host.AnOrderIdAsync();
        var call = FakeReply.Call("lookup_order", new { order_id = orderId });
        host.Fake.Enqueue(call, call, call, call, FakeReply.Answer("확인했습니다."));

        var draft = await host.Services.GetRequiredService<LlmResponder>().DraftAsync(Turn("주문 확인"), CancellationToken.None);

        Assert.Equal(4, draft.ToolCalls.Count);
        Assert.Equal(5, host.Fake.ChatRequests.Count);
        Assert.Equal("auto", host.Fake.ChatRequests[3].Body.GetProperty("tool_choice").GetString());
        Assert.Equal("none", host.Fake.ChatRequests[4].Body.GetProperty("tool_choice").GetString());
    }

    [Fact]
    public async Task A_provider_out_of_quota_reaches_the_pipeline_as_quota_exhausted()
    {
        await using var host = await LlmHost.StartAsync(Backends.Sqlite);
        host.Fake.WhenScriptEnds = FakeReply.Error(429, retryAfter: "120");

        var error = await Assert.ThrowsAsync<LlmQuotaExhaustedException>(() => host.Services.GetRequiredService<LlmResponder>().DraftAsync(Turn("안녕"), CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
    }

    private static TurnContext Turn(
        string text, IReadOnlyList<ToolCallOutcome>? toolResults = null, IReadOnlyList<KbHit>? passages = null, ToolCallMode mode = ToolCallMode.Interactive)
    {
        var session = new ConversationSession("session-1", LlmHost.Org, "customer-1", "chat", Now.AddMinutes(-5), Now.AddMinutes(-1), Now.AddHours(24),
            [new SessionMessage(MessageRole.User, "안녕하세요", Now.AddMinutes(-5), "기타"), new SessionMessage(MessageRole.Assistant, "무엇을 도와드릴까요?", Now.AddMinutes(-5), null)],
            new Dictionary<string, string>());
        return new TurnContext(LlmHost.Org, session, text, "ko", "주문조회", 0.9, [], new Dictionary<string, string>(), toolResults ?? [], passages ?? [],
            new ToolCaller("user", "tester"), mode, Now, TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul"));
    }
}
