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
