using Steward.Conversations;
using Steward.Tests.Fixtures;
using static Steward.Tests.Conversations.SessionHosts;

namespace Steward.Tests.Conversations;

/// <summary>Several instances on one database (PostgreSQL, or one SQLite file): a conversation continues wherever its next turn lands.</summary>
public class SessionCrossInstanceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_session_started_on_one_instance_continues_on_the_other_and_back(string backend)
    {
        await using var hosts = await StartAsync(backend);
        var a = hosts.Store;
        var b = hosts.AddInstance();

        var onA = await a.GetOrCreateAsync(Org, "s1", "u1", Chat, None);
        await a.SaveTurnAsync(onA, hosts.Turn("A에서 첫 질문"), Slots(("order_id", "1")), None);

        var onB = await b.GetOrCreateAsync(Org, "s1", "u1", Chat, None);
        Assert.Equal(["A에서 첫 질문", "답변입니다."], onB.Messages.Select(m => m.Text));
        Assert.Equal("1", onB.Slots["order_id"]);
        await b.SaveTurnAsync(onB, hosts.Turn("B에서 두 번째"), Slots(("order_id", "2")), None);

        // A's cache still holds the session as it was after the first turn: reading must notice B's turn.
        var backOnA = await a.GetOrCreateAsync(Org, "s1", "u1", Chat, None);
        Assert.Equal(["A에서 첫 질문", "B에서 두 번째"], backOnA.Messages.Where(m => m.Role == MessageRole.User).Select(m => m.Text));
        Assert.Equal("2", backOnA.Slots["order_id"]);
        var third = await a.SaveTurnAsync(backOnA, hosts.Turn("다시 A"), Slots(), None);

        Assert.Equal(["A에서 첫 질문", "B에서 두 번째", "다시 A"], third.Messages.Where(m => m.Role == MessageRole.User).Select(m => m.Text));
        Assert.Equal([1L, 2, 3], await hosts.SeqsAsync("s1"));
        Assert.Equal(third.Messages, (await b.FindAsync(Org, "s1", None))!.Messages);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_turn_saved_from_a_stale_cache_is_appended_after_the_other_instances_turn(string backend)
    {
        await using var hosts = await StartAsync(backend);
        var a = hosts.Store;
        var b = hosts.AddInstance();
        var session = await a.GetOrCreateAsync(Org, "s1", null, Chat, None);
        session = await a.SaveTurnAsync(session, hosts.Turn("하나"), Slots(), None);
        await b.SaveTurnAsync((await b.FindAsync(Org, "s1", None))!, hosts.Turn("둘"), Slots(), None);

        using var conflicts = new MetricCollector(hosts.Services, "session_conflicts_total");
        var saved = await a.SaveTurnAsync(session, hosts.Turn("셋"), Slots(), None);

        Assert.Equal(["하나", "둘", "셋"], saved.Messages.Where(m => m.Role == MessageRole.User).Select(m => m.Text));
        Assert.Equal([1L, 2, 3], await hosts.SeqsAsync("s1"));
        Assert.Equal(1, conflicts.Total);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_restarted_instance_continues_the_conversation(string backend)
    {
        await using var hosts = await StartAsync(backend);
        var first = hosts.AddInstance();
        var session = await first.GetOrCreateAsync(Org, null, "u1", Chat, None);
        await first.SaveTurnAsync(session, hosts.Turn("재시작 전 질문"), Slots(("phone", "010-1234-5678")), None);
        hosts.Stop(first);

        var restarted = hosts.AddInstance();
        var continued = await restarted.GetOrCreateAsync(Org, session.Id, "u1", Chat, None);
        Assert.Equal(("재시작 전 질문", "010-1234-5678"), (continued.Messages[0].Text, continued.Slots["phone"]));
        await restarted.SaveTurnAsync(continued, hosts.Turn("재시작 후 질문"), Slots(), None);
        Assert.Equal(["재시작 전 질문", "재시작 후 질문"], (await restarted.HistoryAsync(Org, session.Id, None)).Select(t => t.UserText));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Concurrent_turns_on_two_instances_are_all_kept_in_one_order(string backend)
    {
        await using var hosts = await StartAsync(backend);
        var stores = new[] { hosts.Store, hosts.AddInstance() };
        var session = await stores[0].GetOrCreateAsync(Org, "busy", null, Chat, None);
        await stores[1].FindAsync(Org, "busy", None);

        var turns = Enumerable.Range(1, 8).Select(i => hosts.Turn($"질문 {i}")).ToList();
        await Task.WhenAll(turns.Select((turn, i) => Task.Run(() => stores[i % 2].SaveTurnAsync(session, turn, Slots(), None))));

        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], await hosts.SeqsAsync("busy"));
        var history = await stores[1].HistoryAsync(Org, "busy", None);
        Assert.Equal(turns.Select(t => t.TurnId).Order(), history.Select(t => t.TurnId).Order());
        foreach (var store in stores)
        {
            var context = (await store.FindAsync(Org, "busy", None))!.Messages.Where(m => m.Role == MessageRole.User).Select(m => m.Text);
            Assert.Equal(history.Select(t => t.UserText), context);
        }
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_session_removed_and_created_again_elsewhere_is_not_mistaken_for_the_cached_one(string backend)
    {
        await using var hosts = await StartAsync(backend, new Dictionary<string, string?> { ["Steward:Sessions:Ttl"] = "01:00:00" });
        var a = hosts.Store;
        var b = hosts.AddInstance();
        var original = await a.GetOrCreateAsync(Org, "s1", "u1", Chat, None);
        hosts.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await ((Steward.Conversations.Sessions.SessionStore)b).RemoveExpiredAsync(None));
        hosts.Clock.Advance(TimeSpan.FromMinutes(1));
        // A's cache still holds the first session (no turns, the same generation the new row will get).
        var recreated = await b.GetOrCreateAsync(Org, "s1", "u2", "ws", None);

        var seenByA = (await a.FindAsync(Org, "s1", None))!;
        Assert.Equal(("u2", "ws", recreated.CreatedAt), (seenByA.UserId, seenByA.Channel, seenByA.CreatedAt));
        Assert.NotEqual(original.CreatedAt, seenByA.CreatedAt);
    }
}
