using System.Data.Common;
using System.Text.Json;
using Dapper;
using Steward.Conversations;
using Steward.Conversations.Sessions;
using Steward.Storage;
using Steward.Tests.Fixtures;
using static Steward.Tests.Conversations.SessionHosts;

namespace Steward.Tests.Conversations;

public class SessionStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_new_session_takes_turns_and_returns_them_as_context_and_history(string backend)
    {
        await using var hosts = await StartAsync(backend);
        var store = hosts.Store;
        var session = await store.GetOrCreateAsync(Org, null, "customer-7", Chat, None);
        Assert.StartsWith("ses_", session.Id);
        Assert.Equal((Org, "customer-7", Chat), (session.OrgId, session.UserId, session.Channel));
        Assert.Empty(session.Messages);
        Assert.Empty(session.Slots);
        Assert.Equal(hosts.Clock.GetUtcNow().AddHours(24), session.ExpiresAt);

        var turn = hosts.Turn("주문번호 20240101-0000123 배송 언제 와요?", "내일 도착 예정입니다.", flags: ["needs_info"]);
        var saved = await store.SaveTurnAsync(session, turn, Slots(("order_id", "20240101-0000123")), None);
        Assert.Equal(
            [new SessionMessage(MessageRole.User, turn.UserText, turn.At, "배송문의"), new SessionMessage(MessageRole.Assistant, turn.Answer, turn.At, "배송문의")],
            saved.Messages);
        Assert.Equal("20240101-0000123", saved.Slots["order_id"]);

        var found = await store.FindAsync(Org, session.Id, None);
        Assert.NotNull(found);
        Assert.Equal(saved.Messages, found.Messages);
        Assert.Equal(saved.Slots, found.Slots);

        var stored = Assert.Single(await store.HistoryAsync(Org, session.Id, None));
        AssertSameTurn(turn, stored);
        AssertSameTurn(turn, (await store.FindTurnAsync(Org, turn.TurnId, None))!);
        Assert.Null(await store.FindTurnAsync(OtherOrg, turn.TurnId, None));
        Assert.Null(await store.FindAsync(Org, "no-such-session", None));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_client_chosen_id_names_one_session_until_it_expires(string backend)
    {
        await using var hosts = await StartAsync(backend);
        var first = await hosts.Store.GetOrCreateAsync(Org, "widget:abc-123", null, Chat, None);
        hosts.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await hosts.Store.GetOrCreateAsync(Org, "widget:abc-123", "later-user", "ws", None);
        Assert.Equal(("widget:abc-123", first.CreatedAt, null, Chat), (again.Id, again.CreatedAt, again.UserId, again.Channel));
        Assert.Equal(1, await hosts.CountAsync("SELECT COUNT(*) FROM conversation_sessions"));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_context_keeps_the_last_turns_and_the_history_keeps_every_turn(string backend)
    {
        await using var hosts = await StartAsync(backend, new Dictionary<string, string?> { ["Steward:Sessions:MaxTurnsInContext"] = "3" });
        var session = await hosts.Store.GetOrCreateAsync(Org, "s1", null, Chat, None);
        for (var i = 1; i <= 5; i++)
        {
            session = await hosts.Store.SaveTurnAsync(session, hosts.Turn($"질문 {i}", $"답변 {i}"), Slots(), None);
        }

        Assert.Equal(["질문 3", "답변 3", "질문 4", "답변 4", "질문 5", "답변 5"], session.Messages.Select(m => m.Text));
        Assert.Equal(session.Messages, (await hosts.AddInstance().FindAsync(Org, "s1", None))!.Messages);
        Assert.Equal(["질문 1", "질문 2", "질문 3", "질문 4", "질문 5"], (await hosts.Store.HistoryAsync(Org, "s1", None)).Select(t => t.UserText));
        Assert.Equal([1L, 2, 3, 4, 5], await hosts.SeqsAsync("s1"));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Each_turn_replaces_the_slots(string backend)
    {
        await using var hosts = await StartAsync(backend);
        var session = await hosts.Store.GetOrCreateAsync(Org, "s1", null, Chat, None);
        session = await hosts.Store.SaveTurnAsync(session, hosts.Turn("a"), Slots(("order_id", "A"), ("phone", "010-1234-5678")), None);
        session = await hosts.Store.SaveTurnAsync(session, hosts.Turn("b"), Slots(("order_id", "C")), None);
        Assert.Equal(Slots(("order_id", "C")), session.Slots);
        Assert.Equal(Slots(("order_id", "C")), (await hosts.AddInstance().FindAsync(Org, "s1", None))!.Slots);
        session = await hosts.Store.SaveTurnAsync(session, hosts.Turn("c"), Slots(), None);
        Assert.Empty((await hosts.Store.FindAsync(Org, "s1", None))!.Slots);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task An_expired_session_is_gone_and_its_id_starts_a_fresh_one_while_its_turns_stay_for_audit(string backend)
    {
        await using var hosts = await StartAsync(backend, new Dictionary<string, string?> { ["Steward:Sessions:Ttl"] = "01:00:00" });
        var store = hosts.Store;
        var session = await store.GetOrCreateAsync(Org, "s1", "u1", Chat, None);
        var old = hosts.Turn("예전 질문");
        await store.SaveTurnAsync(session, old, Slots(("order_id", "A")), None);

        hosts.Clock.Advance(TimeSpan.FromMinutes(59));
        session = (await store.FindAsync(Org, "s1", None))!;
        session = await store.SaveTurnAsync(session, hosts.Turn("조금 뒤 질문"), Slots(("order_id", "A")), None);
        Assert.Equal(hosts.Clock.GetUtcNow().AddHours(1), session.ExpiresAt);

        hosts.Clock.Advance(TimeSpan.FromMinutes(60));
        Assert.Null(await store.FindAsync(Org, "s1", None));
        Assert.Empty(await store.HistoryAsync(Org, "s1", None));

        var fresh = await store.GetOrCreateAsync(Org, "s1", "u2", "ws", None);
        Assert.Equal(("s1", "u2", "ws", hosts.Clock.GetUtcNow()), (fresh.Id, fresh.UserId, fresh.Channel, fresh.CreatedAt));
        Assert.Empty(fresh.Messages);
        Assert.Empty(fresh.Slots);
        Assert.Empty(await store.HistoryAsync(Org, "s1", None));
        var now = hosts.Turn("새 질문");
        await store.SaveTurnAsync(fresh, now, Slots(), None);
        Assert.Equal([now.TurnId], (await store.HistoryAsync(Org, "s1", None)).Select(t => t.TurnId));
        Assert.NotNull(await store.FindTurnAsync(Org, old.TurnId, None));
        Assert.Equal(3, await hosts.CountAsync("SELECT COUNT(*) FROM conversation_turns"));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_turn_saved_with_an_expired_session_starts_the_fresh_one(string backend)
    {
        await using var hosts = await StartAsync(backend, new Dictionary<string, string?> { ["Steward:Sessions:Ttl"] = "01:00:00" });
        var session = await hosts.Store.GetOrCreateAsync(Org, "s1", null, Chat, None);
        session = await hosts.Store.SaveTurnAsync(session, hosts.Turn("하나"), Slots(("order_id", "A")), None);
        hosts.Clock.Advance(TimeSpan.FromHours(2));

        var saved = await hosts.Store.SaveTurnAsync(session, hosts.Turn("둘"), Slots(), None);
        Assert.Equal(["둘", "답변입니다."], saved.Messages.Select(m => m.Text));
        Assert.Equal(["둘"], (await hosts.Store.HistoryAsync(Org, "s1", None)).Select(t => t.UserText));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Another_orgs_session_id_is_unknown_and_names_a_separate_session(string backend)
    {
        await using var hosts = await StartAsync(backend);
        var mine = await hosts.Store.GetOrCreateAsync(Org, "shared-id", null, Chat, None);
        await hosts.Store.SaveTurnAsync(mine, hosts.Turn("내 질문"), Slots(("phone", "010-1111-2222")), None);

        Assert.Null(await hosts.Store.FindAsync(OtherOrg, "shared-id", None));
        Assert.Empty(await hosts.Store.HistoryAsync(OtherOrg, "shared-id", None));
        var theirs = await hosts.Store.GetOrCreateAsync(OtherOrg, "shared-id", null, Chat, None);
        Assert.Empty(theirs.Messages);
        Assert.Empty(theirs.Slots);
        await hosts.Store.SaveTurnAsync(theirs, hosts.Turn("다른 가게 질문"), Slots(), None);

        Assert.Equal(["내 질문"], (await hosts.Store.HistoryAsync(Org, "shared-id", None)).Select(t => t.UserText));
        Assert.Equal(["다른 가게 질문"], (await hosts.Store.HistoryAsync(OtherOrg, "shared-id", None)).Select(t => t.UserText));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("세션")]
    [InlineData("a/b")]
    public async Task Invalid_session_ids_are_refused(string id)
    {
        await using var hosts = await StartAsync(Backends.Sqlite);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => hosts.Store.GetOrCreateAsync(Org, id, null, Chat, None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => hosts.Store.FindAsync(Org, id, None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => hosts.Store.FindAsync(Org, new string('a', SessionIds.MaxLength + 1), None));
        Assert.True(SessionIds.IsValid(new string('a', SessionIds.MaxLength)));
        Assert.True(SessionIds.IsValid("Aa0_-.:"));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Eight_concurrent_turns_on_one_session_are_all_kept_with_consecutive_seq(string backend)
    {
        await using var hosts = await StartAsync(backend);
        var session = await hosts.Store.GetOrCreateAsync(Org, "busy", null, Chat, None);
        var turns = Enumerable.Range(1, 8).Select(i => hosts.Turn($"동시 질문 {i}")).ToList();
        await Task.WhenAll(turns.Select(turn => Task.Run(() => hosts.Store.SaveTurnAsync(session, turn, Slots(), None))));

        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], await hosts.SeqsAsync("busy"));
        var history = await hosts.Store.HistoryAsync(Org, "busy", None);
        Assert.Equal(turns.Select(t => t.TurnId).Order(), history.Select(t => t.TurnId).Order());
        var context = (await hosts.AddInstance().FindAsync(Org, "busy", None))!.Messages.Where(m => m.Role == MessageRole.User).Select(m => m.Text);
        Assert.Equal(history.Select(t => t.UserText), context);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Bot_context_and_flags_round_trip_exactly(string backend)
    {
        await using var hosts = await StartAsync(backend);
        const string botContext = """{"responder":"llm","model":"gpt-4o-mini","latency_ms":1.50,"kb":[12,7],"tools":[{"id":3,"ok":true}],"note":"한글 \"인용\" \u00e9","empty":{}}""";
        var session = await hosts.Store.GetOrCreateAsync(Org, "ctx", null, Chat, None);
        var turn = hosts.Turn("질문", botContext: botContext, flags: ["fallback", "needs_info"]);
        await hosts.Store.SaveTurnAsync(session, turn, Slots(), None);

        var stored = Assert.Single(await hosts.AddInstance().HistoryAsync(Org, "ctx", None));
        Assert.Equal(botContext, stored.BotContext.GetRawText());
        Assert.Equal(["fallback", "needs_info"], stored.Flags);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_turns_table_is_append_only(string backend)
    {
        await using var hosts = await StartAsync(backend);
        var session = await hosts.Store.GetOrCreateAsync(Org, "s1", null, Chat, None);
        await hosts.Store.SaveTurnAsync(session, hosts.Turn("질문"), Slots(), None);

        await using var connection = await hosts.Services.GetRequiredService<Database>().OpenAsync();
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("UPDATE conversation_turns SET answer = 'changed'"));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM conversation_turns"));
        Assert.Equal("답변입니다.", Assert.Single(await hosts.Store.HistoryAsync(Org, "s1", None)).Answer);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Removing_expired_sessions_deletes_their_rows_and_cache_entries_but_keeps_their_turns(string backend)
    {
        await using var hosts = await StartAsync(backend, new Dictionary<string, string?> { ["Steward:Sessions:Ttl"] = "01:00:00" });
        var old = await hosts.Store.GetOrCreateAsync(Org, "old", null, Chat, None);
        await hosts.Store.SaveTurnAsync(old, hosts.Turn("오래된 질문"), Slots(), None);
        hosts.Clock.Advance(TimeSpan.FromMinutes(30));
        await hosts.Store.GetOrCreateAsync(Org, "recent", null, Chat, None);
        hosts.Clock.Advance(TimeSpan.FromMinutes(31));

        var store = hosts.Services.GetRequiredService<SessionStore>();
        Assert.Equal(2, store.Cache.Count);
        Assert.Equal(1, await store.RemoveExpiredAsync(None));
        Assert.Equal(1, store.Cache.Count);
        Assert.Equal(["recent"], await hosts.QueryAsync<string>("SELECT id FROM conversation_sessions"));
        Assert.Equal(1, await hosts.CountAsync("SELECT COUNT(*) FROM conversation_turns WHERE session_id = 'old'"));
        Assert.Equal(0, await store.RemoveExpiredAsync(None));

        // The id is free again, and its next session's history does not show the removed session's turn.
        var again = await hosts.Store.GetOrCreateAsync(Org, "old", null, Chat, None);
        Assert.Empty(again.Messages);
        Assert.Empty(await hosts.Store.HistoryAsync(Org, "old", None));
    }

    private static void AssertSameTurn(TurnRecord expected, TurnRecord actual)
    {
        string[] noFlags = [];
        Assert.Equal(expected with { BotContext = default, Flags = noFlags }, actual with { BotContext = default, Flags = noFlags });
        Assert.Equal(expected.Flags, actual.Flags);
        Assert.Equal(expected.BotContext.GetRawText(), actual.BotContext.GetRawText());
    }
}
