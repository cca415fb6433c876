using System.Text.Json;
using Steward.Conversations;
using Steward.Tools;

namespace Steward.Tests.Conversations;

/// <summary>Single flight per session: messages that arrive while a turn runs are answered together, once.</summary>
public class TurnGateTests
{
    private static TurnRequest Message(string text, string? session = "s-1") =>
        new("shop", text, Channels.Chat, new ToolCaller("api_key", "k"), ToolCallMode.Automatic, UseSession: true, session);

    private static TurnReply Reply(TurnRequest request, int turn) => new(
        $"answer {turn}: {request.Text}", "기타", 1, [], [], [], true, [], request.SessionId, $"turn-{turn}", JsonDocument.Parse("{}").RootElement);

    [Fact]
    public async Task Messages_arriving_during_a_turn_are_merged_into_the_next_one()
    {
        var release = new TaskCompletionSource();
        var turns = new List<string>();
        var gate = new TurnGate(async (request, _) =>
        {
            int turn;
            lock (turns)
            {
                turns.Add(request.Text);
                turn = turns.Count;
            }

            if (turn == 1)
            {
                await release.Task;
            }

            return Reply(request, turn);
        });

        var first = gate.RunAsync(Message("배송 언제 와요?"), CancellationToken.None);
        await Task.Delay(50);
        var second = gate.RunAsync(Message("주문번호는"), CancellationToken.None);
        var third = gate.RunAsync(Message("20240101-0000123 입니다"), CancellationToken.None);
        release.SetResult();

        Assert.Equal("turn-1", (await first).TurnId);
        Assert.Equal("turn-2", (await second).TurnId);
        Assert.Same(await second, await third);
        Assert.Equal(["배송 언제 와요?", "주문번호는\n20240101-0000123 입니다"], turns);
    }

    [Fact]
    public async Task Different_sessions_and_one_off_turns_do_not_wait_for_each_other()
    {
        var release = new TaskCompletionSource();
        var gate = new TurnGate(async (request, _) =>
        {
            if (request.SessionId == "slow")
            {
                await release.Task;
            }

            return Reply(request, 1);
        });

        var slow = gate.RunAsync(Message("a", "slow"), CancellationToken.None);
        Assert.Equal("b", (await gate.RunAsync(Message("b", "fast"), CancellationToken.None)).Answer.Split(": ")[1]);
        Assert.Equal("c", (await gate.RunAsync(Message("c", null), CancellationToken.None)).Answer.Split(": ")[1]);
        Assert.False(slow.IsCompleted);
        release.SetResult();
        await slow;
    }

    [Fact]
    public async Task A_failed_turn_fails_its_waiters_and_the_session_recovers()
    {
        var calls = 0;
        var gate = new TurnGate((request, _) =>
            Interlocked.Increment(ref calls) == 1 ? Task.FromException<TurnReply>(new InvalidOperationException("db down")) : Task.FromResult(Reply(request, calls)));

        await Assert.ThrowsAsync<InvalidOperationException>(() => gate.RunAsync(Message("x"), CancellationToken.None));
        Assert.Equal("turn-2", (await gate.RunAsync(Message("y"), CancellationToken.None)).TurnId);
    }
}

public class SlotFillingTests
{
    private static readonly Steward.Intents.Entity Order = new(Steward.Intents.EntityKind.OrderNumber, "20240101-0000123", 0, 16, "20240101-0000123");

    private static readonly Dictionary<string, string> AskedForOrder = new()
    {
        [SlotFilling.PendingIntent] = IntentNames.Delivery, [SlotFilling.Missing] = SlotFilling.OrderId,
    };

    [Theory]
    [InlineData("20240101-0000123", "불만/클레임", 0.9)]
    [InlineData("20240101-0000123", "주문조회", 0.99)]
    [InlineData("20240101-0000123", "out_of_scope", 0.2)]
    public void A_message_that_only_gives_what_was_asked_continues_the_pending_intent(string text, string classified, double confidence) =>
        Assert.Equal(IntentNames.Delivery, SlotFilling.Resolve(text, classified, confidence, 0.3, AskedForOrder, [Order]).Intent);

    [Fact]
    public void A_new_question_with_an_order_number_is_read_on_its_own()
    {
        var text = "20240101-0000123 이거 환불하고 싶어요 너무 불량이에요";
        Assert.Equal(IntentNames.Refund, SlotFilling.Resolve(text, IntentNames.Refund, 0.9, 0.3, AskedForOrder, [Order]).Intent);
    }

    [Fact]
    public void A_bare_order_number_without_a_pending_question_is_an_order_lookup() =>
        Assert.Equal(IntentNames.OrderStatus, SlotFilling.Resolve("20240101-0000123", "불만/클레임", 0.9, 0.3, new Dictionary<string, string>(), [Order]).Intent);

    [Fact]
    public void A_weak_guess_is_out_of_scope() =>
        Assert.Equal(IntentNames.OutOfScope, SlotFilling.Resolve("음", "기타", 0.1, 0.3, new Dictionary<string, string>(), []).Intent);
}
