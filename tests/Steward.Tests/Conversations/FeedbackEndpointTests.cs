using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Steward.Conversations;
using Steward.Hosting;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Conversations;

public class FeedbackEndpointTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<(TestServer Server, FrozenClock Clock, TurnRecord Turn)> StartWithTurnAsync(string backend)
    {
        var clock = FrozenClock.MidWindow();
        var server = await TestServer.StartAsync(backend, services: services => FrozenClock.Install(services, clock));
        var turn = await AnswerAsync(server, clock, "s1", "환불 언제 돼요?");
        return (server, clock, turn);
    }

    private static async Task<TurnRecord> AnswerAsync(TestServer server, TimeProvider clock, string sessionId, string question, string org = Initializer.DemoOrg)
    {
        var store = server.Services.GetRequiredService<ISessionStore>();
        var session = await store.GetOrCreateAsync(org, sessionId, null, "chat", None);
        var turn = SessionEndpointTests.Turn(clock, question, """{"responder":"embedded","model":null}""");
        await store.SaveTurnAsync(session, turn, new Dictionary<string, string>(), None);
        return turn;
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_caller_rates_a_turn_once_and_an_admin_reviews_it_with_the_turn(string backend)
    {
        var (server, clock, turn) = await StartWithTurnAsync(backend);
        await using var _ = server;
        using var widget = server.CreateClient(await server.CreateKeyAsync("viewer"));

        var created = await widget.PostAsJsonAsync("/api/feedback", new { turn_id = turn.TurnId, rating = "down", comment = "틀렸어요. 010-1234-5678로 연락 주세요" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await TestServer.ReadAsync<JsonElement>(created)).GetProperty("id").GetString()!;
        Assert.StartsWith("fb_", id);

        clock.Advance(TimeSpan.FromMinutes(1));
        var replaced = await widget.PostAsJsonAsync("/api/feedback", new { turn_id = turn.TurnId, rating = -1, comment = "여전히 틀림 010-1234-5678" });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(id, (await TestServer.ReadAsync<JsonElement>(replaced)).GetProperty("id").GetString());

        var second = await AnswerAsync(server, clock, "s2", "사용법 알려줘");
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsJsonAsync("/api/feedback", new { turn_id = second.TurnId, rating = 1 })).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsJsonAsync("/api/feedback", new { turn_id = turn.TurnId, rating = "up" })).StatusCode);

        var all = await server.Client.GetFromJsonAsync<JsonElement>("/api/feedback/detailed");
        Assert.Equal(3, all.GetArrayLength());
        var down = await server.Client.GetFromJsonAsync<JsonElement>("/api/feedback/detailed?rating=down");
        var entry = Assert.Single(down.EnumerateArray());
        Assert.Equal((id, turn.TurnId, "s1", -1), (entry.GetProperty("id").GetString(), entry.GetProperty("turn_id").GetString(),
            entry.GetProperty("session_id").GetString(), entry.GetProperty("rating").GetInt32()));
        Assert.Equal("여전히 틀림 [PHONE]", entry.GetProperty("comment").GetString());
        Assert.StartsWith("api_key:", entry.GetProperty("created_by").GetString());
        Assert.Equal(clock.GetUtcNow().AddMinutes(-3), entry.GetProperty("created_at").GetDateTimeOffset());
        Assert.Equal(clock.GetUtcNow().AddMinutes(-2), entry.GetProperty("updated_at").GetDateTimeOffset());
        var rated = entry.GetProperty("turn");
        Assert.Equal(("환불 언제 돼요?", "내일 도착합니다.", "배송문의"),
            (rated.GetProperty("user_text").GetString(), rated.GetProperty("answer").GetString(), rated.GetProperty("intent").GetString()));
        Assert.Equal("""{"responder":"embedded","model":null}""", rated.GetProperty("bot_context").GetRawText());

        Assert.Equal(2, (await server.Client.GetFromJsonAsync<JsonElement>("/api/feedback/detailed?rating=1")).GetArrayLength());
        var page = await server.Client.GetFromJsonAsync<JsonElement>("/api/feedback/detailed?limit=1&offset=1");
        Assert.Equal(second.TurnId, Assert.Single(page.EnumerateArray()).GetProperty("turn_id").GetString());
        var from = Uri.EscapeDataString(clock.GetUtcNow().AddMinutes(-1).ToString("O"));
        var to = Uri.EscapeDataString(clock.GetUtcNow().ToString("O"));
        var window = await server.Client.GetFromJsonAsync<JsonElement>($"/api/feedback/detailed?from={from}&to={to}");
        Assert.Equal(second.TurnId, Assert.Single(window.EnumerateArray()).GetProperty("turn_id").GetString());

        using var otherOrg = server.CreateClient(await server.CreateOrgAsync("other"));
        Assert.Equal(0, (await otherOrg.GetFromJsonAsync<JsonElement>("/api/feedback/detailed")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await otherOrg.PostAsJsonAsync("/api/feedback", new { turn_id = turn.TurnId, rating = 1 })).StatusCode);
    }

    [Fact]
    public async Task Bad_feedback_is_a_validation_problem_and_an_unknown_turn_is_not_found()
    {
        var (server, _, turn) = await StartWithTurnAsync(Backends.Sqlite);
        await using var _server = server;

        foreach (var body in new object[]
        {
            new { rating = 1 },
            new { turn_id = turn.TurnId },
            new { turn_id = turn.TurnId, rating = 0 },
            new { turn_id = turn.TurnId, rating = 5 },
            new { turn_id = turn.TurnId, rating = "meh" },
            new { turn_id = turn.TurnId, rating = true },
            new { turn_id = turn.TurnId, rating = 1, comment = new string('가', 1001) },
        })
        {
            var response = await server.Client.PostAsJsonAsync("/api/feedback", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.BadRequest,
            (await server.Client.PostAsJsonAsync("/api/feedback", new { turn_id = turn.TurnId, rating = 1, stars = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await server.Client.PostAsync("/api/feedback", new StringContent("{\"turn_id\":", Encoding.UTF8, "application/json"))).StatusCode);
        var unknown = await server.Client.PostAsJsonAsync("/api/feedback", new { turn_id = "turn_nope", rating = 1 });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.PostAsJsonAsync("/api/feedback", new { turn_id = "bad id!", rating = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await server.Client.PostAsJsonAsync("/api/feedback", new { turn_id = turn.TurnId, rating = 1, comment = new string('가', 1000) })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.GetAsync("/api/feedback/detailed?rating=3")).StatusCode);
        Assert.Equal(1, (await server.Client.GetFromJsonAsync<JsonElement>("/api/feedback/detailed")).GetArrayLength());
    }

    [Fact]
    public async Task Viewers_rate_and_only_admins_read_the_detailed_listing()
    {
        var (server, _, turn) = await StartWithTurnAsync(Backends.Sqlite);
        await using var _server = server;
        using var anonymous = server.CreateClient();
        using var viewer = server.CreateClient(await server.CreateKeyAsync("viewer"));
        using var agent = server.CreateClient(await server.CreateKeyAsync("agent"));
        using var service = server.CreateClient(await server.CreateKeyAsync("service"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/feedback", new { turn_id = turn.TurnId, rating = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/feedback/detailed")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostAsJsonAsync("/api/feedback", new { turn_id = turn.TurnId, rating = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await viewer.PostAsJsonAsync("/api/feedback", new { turn_id = turn.TurnId, rating = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync("/api/feedback", new { turn_id = turn.TurnId, rating = -1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/feedback/detailed")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/feedback/detailed")).StatusCode);
        Assert.Equal(2, (await server.Client.GetFromJsonAsync<JsonElement>("/api/feedback/detailed")).GetArrayLength());
    }
}
