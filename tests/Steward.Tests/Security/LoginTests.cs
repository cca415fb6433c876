using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Steward.Security;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Security;

public class LoginTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Login_sets_a_session_cookie_logout_ends_it_and_both_outcomes_are_audited(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = server.BaseAddress };

        var wrong = await browser.PostAsJsonAsync("/api/auth/login", new { org = "demo", username = "admin", password = "not-it" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);

        var login = await browser.PostAsJsonAsync("/api/auth/login", new { org = "demo", username = "admin", password = SecurityOptions.DemoAdminPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("steward_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        var me = await TestServer.ReadAsync<JsonElement>(await browser.GetAsync("/api/auth/me"));
        Assert.Equal(("demo", "admin", "user"), (me.GetProperty("org").GetString(), me.GetProperty("role").GetString(), me.GetProperty("actor_type").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/keys")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);

        var audit = await TestServer.ReadAsync<JsonElement>(await server.Client.GetAsync("/api/audit?action=auth.login"));
        var actions = audit.EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("outcome").GetString())).ToList();
        Assert.Contains(("auth.login.failed", "denied"), actions);
        Assert.Contains(("auth.login.succeeded", "success"), actions);
        Assert.DoesNotContain("not-it", audit.ToString());
    }

    [Theory]
    [InlineData("""{"org":"demo","username":"admin"}""")]
    [InlineData("""{"org":"","username":"admin","password":"x"}""")]
    [InlineData("""{"org":"demo","username":"admin","password":"x","remember":true}""")]
    public async Task Incomplete_login_requests_are_400_problems(string json)
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        var response = await server.CreateClient().PostAsync("/api/auth/login", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Backends.PostgresOnly), MemberType = typeof(Backends))]
    public async Task A_session_cookie_from_one_instance_is_accepted_by_another_on_the_same_database(string backend)
    {
        await using var first = await TestServer.StartAsync(backend);
        await using var second = await TestServer.StartAsync(backend, sharedStorage: first.Storage);
        var container = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = container }) { BaseAddress = first.BaseAddress };
        var login = await browser.PostAsJsonAsync("/api/auth/login", new { org = "demo", username = "admin", password = SecurityOptions.DemoAdminPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var session = container.GetCookies(first.BaseAddress)["steward_session"]!.Value;

        using var other = second.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Add("Cookie", $"steward_session={session}");
        Assert.Equal(HttpStatusCode.OK, (await other.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Login_attempts_are_rate_limited_per_client_ip()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite, new Dictionary<string, string?> { ["Steward:RateLimits:LoginPerMinute"] = "3" },
            services: services => FrozenClock.Install(services, FrozenClock.MidWindow()));
        using var client = server.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/auth/login", new { org = "demo", username = "admin", password = "guess" + i })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }
}
