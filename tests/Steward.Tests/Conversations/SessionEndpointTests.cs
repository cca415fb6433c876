using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Steward.Conversations;
using Steward.Conversations.Sessions;
using Steward.Hosting;
using Steward.Storage;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Conversations;

public class SessionEndpointTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_viewer_reads_a_live_session_with_its_history_ttl_and_slots(string backend)
    {
        var clock = FrozenClock.MidWindow();
        await using var server = await TestServer.StartAsync(backend, services: services => FrozenClock.Install(services, clock));
        var store = server.Services.GetRequiredService<ISessionStore>();
        var session = await store.GetOrCreateAsync(Initializer.DemoOrg, "widget-1", "customer-9", "chat", None);
        var first = Turn(clock, "배송 언제 와요?", """{"responder":"embedded","kb":[3]}""");
        session = await store.SaveTurnAsync(session, first, new Dictionary<string, string> { ["order_id"] = "20240101-0000123" }, None);
        clock.Advance(TimeSpan.FromMinutes(10));
        await store.SaveTurnAsync(session, Turn(clock, "감사합니다", """{"responder":"embedded"}"""), new Dictionary<string, string> { ["order_id"] = "20240101-0000123" }, None);

        using var viewer = server.CreateClient(await server.CreateKeyAsync("viewer"));
        var response = await viewer.GetAsync("/api/v2/session/widget-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await TestServer.ReadAsync<JsonElement>(response);
        Assert.Equal("widget-1", body.GetProperty("session_id").GetString());
        Assert.Equal("customer-9", body.GetProperty("user_id").GetString());
        Assert.Equal("chat", body.GetProperty("channel").GetString());
        Assert.Equal(24 * 3600, body.GetProperty("ttl_seconds").GetInt64());
        Assert.Equal(clock.GetUtcNow().AddHours(24), body.GetProperty("expires_at").GetDateTimeOffset());
        Assert.Equal(clock.GetUtcNow().AddMinutes(-10), body.GetProperty("created_at").GetDateTimeOffset());
        Assert.Equal(clock.GetUtcNow(), body.GetProperty("last_active_at").GetDateTimeOffset());
        Assert.Equal(2, body.GetProperty("turns_in_context").GetInt32());
        Assert.Equal("20240101-0000123", body.GetProperty("slots").GetProperty("order_id").GetString());
        Assert.False(body.TryGetProperty("org_id", out _));

        var history = body.GetProperty("history");
        Assert.Equal(2, history.GetArrayLength());
        var turn = history[0];
        Assert.Equal(first.TurnId, turn.GetProperty("turn_id").GetString());
        Assert.Equal("배송 언제 와요?", turn.GetProperty("user_text").GetString());
        Assert.Equal("내일 도착합니다.", turn.GetProperty("answer").GetString());
        Assert.Equal("배송문의", turn.GetProperty("intent").GetString());
        Assert.Equal(0.91, turn.GetProperty("confidence").GetDouble());
        Assert.True(turn.GetProperty("grounded").GetBoolean());
        Assert.Equal(["tool_used"], turn.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("""{"responder":"embedded","kb":[3]}""", turn.GetProperty("bot_context").GetRawText());
        Assert.Equal(first.At, turn.GetProperty("at").GetDateTimeOffset());

        clock.Advance(TimeSpan.FromHours(23));
        var later = await viewer.GetFromJsonAsync<JsonElement>("/api/v2/session/widget-1");
        Assert.Equal(3600, later.GetProperty("ttl_seconds").GetInt64());
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/v2/session/widget-1")).StatusCode);
    }

    [Fact]
    public async Task Unknown_foreign_and_malformed_ids_and_anonymous_callers_are_refused()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        var store = server.Services.GetRequiredService<ISessionStore>();
        await store.GetOrCreateAsync(Initializer.DemoOrg, "mine", null, "chat", None);

        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/v2/session/mine")).StatusCode);
        var unknown = await server.Client.GetAsync("/api/v2/session/nobody");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        using var otherOrg = server.CreateClient(await server.CreateOrgAsync("other"));
        Assert.Equal(HttpStatusCode.NotFound, (await otherOrg.GetAsync("/api/v2/session/mine")).StatusCode);

        foreach (var bad in new[] { "has%20space", "%EC%84%B8%EC%85%98", new string('a', SessionIds.MaxLength + 1) })
        {
            var response = await server.Client.GetAsync($"/api/v2/session/{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await TestServer.ReadAsync<JsonElement>(response)).GetProperty("errors").TryGetProperty("id", out _));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.CreateClient().GetAsync("/api/v2/session/mine")).StatusCode);
    }

    [Fact]
    public async Task The_web_server_removes_expired_sessions_on_its_interval()
    {
        var clock = FrozenClock.MidWindow();
        await using var server = await TestServer.StartAsync(
            Backends.Sqlite,
            new Dictionary<string, string?> { ["Steward:Sessions:CleanupInterval"] = "00:00:01", ["Steward:Sessions:Ttl"] = "00:10:00" },
            services: services => FrozenClock.Install(services, clock));
        var store = server.Services.GetRequiredService<ISessionStore>();
        var session = await store.GetOrCreateAsync(Initializer.DemoOrg, "short-lived", null, "chat", None);
        await store.SaveTurnAsync(session, Turn(clock, "질문", "{}"), new Dictionary<string, string>(), None);
        var cache = server.Services.GetRequiredService<SessionStore>().Cache;
        Assert.Equal(1, cache.Count);

        clock.Advance(TimeSpan.FromMinutes(11));
        var database = server.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((cache.Count > 0 || await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM conversation_sessions") > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(0, cache.Count);
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM conversation_sessions"));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM conversation_turns"));
    }

    internal static TurnRecord Turn(TimeProvider clock, string userText, string botContext) =>
        new(SessionIds.NewTurnId(), "chat", userText, "내일 도착합니다.", "배송문의", 0.91, true, ["tool_used"],
            JsonDocument.Parse(botContext).RootElement.Clone(), clock.GetUtcNow());
}
