using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Steward.Security;
using Steward.Security.RateLimiting;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Security;

public class RateLimitTests
{
    /// <summary>A stand-in for /api/ask (issue 5) under the real <c>ask</c> policy.</summary>
    private static void MapAskProbe(WebApplication app) =>
        app.MapPost("/api/test/ask", () => TypedResults.Ok(new { answer = "ok" }))
            .RequireAuthorization(Policies.Viewer)
            .RequireRateLimiting(RateLimitPolicies.Ask);

    private static void Frozen(IServiceCollection services) => FrozenClock.Install(services, FrozenClock.MidWindow());

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_ask_policy_allows_ten_a_minute_then_answers_429_with_retry_after_and_a_problem(string backend)
    {
        await using var server = await TestServer.StartAsync(backend, mapExtra: MapAskProbe, services: Frozen);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 11; i++)
        {
            last = await server.Client.PostAsync("/api/test/ask", null);
            statuses.Add(last.StatusCode);
        }

        Assert.All(statuses.Take(10), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        var retryAfter = int.Parse(last.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await TestServer.ReadAsync<JsonElement>(last)).GetProperty("status").GetInt32());

        // Another key has its own budget… until the shared client IP budget runs out too.
        using var other = server.CreateClient(await server.CreateKeyAsync("viewer"));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await other.PostAsync("/api/test/ask", null)).StatusCode);
    }

    [Fact]
    public async Task The_hourly_budget_applies_on_top_of_the_minute_budget()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite,
            new Dictionary<string, string?> { ["Steward:RateLimits:AskPerMinute"] = "100", ["Steward:RateLimits:AskPerHour"] = "3" }, MapAskProbe, services: Frozen);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await server.Client.PostAsync("/api/test/ask", null)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Every_api_endpoint_is_under_the_api_policy()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite, new Dictionary<string, string?> { ["Steward:RateLimits:ApiPerMinute"] = "5" }, services: Frozen);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await server.Client.GetAsync("/api/keys")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.All(statuses.Take(5), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.OK, (await server.CreateClient().GetAsync("/health")).StatusCode); // health is not rate limited
    }

    [Theory]
    [MemberData(nameof(Backends.PostgresOnly), MemberType = typeof(Backends))]
    public async Task On_postgres_two_instances_enforce_one_shared_limit(string backend)
    {
        await using var first = await TestServer.StartAsync(backend, mapExtra: MapAskProbe, services: Frozen);
        await using var second = await TestServer.StartAsync(backend, sharedStorage: first.Storage, mapExtra: MapAskProbe, services: Frozen);
        using var viaSecond = second.CreateClient(first.Demo.ApiKey);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            var client = i % 2 == 0 ? first.Client : viaSecond;
            statuses.Add((await client.PostAsync("/api/test/ask", null)).StatusCode);
        }

        var allowed = statuses.Count(status => status == HttpStatusCode.OK);
        if (backend == Backends.Postgres)
        {
            Assert.Equal(10, allowed);
        }
        else
        {
            Assert.Equal(12, allowed); // SQLite: counters are per process (documented); each instance allows 10
        }
    }
}

public class ForwardedHeadersTests
{
    private static async Task<List<HttpStatusCode>> LoginFromAsync(TestServer server, params string[] forwardedFor)
    {
        using var client = server.CreateClient();
        var statuses = new List<HttpStatusCode>();
        foreach (var ip in forwardedFor)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { org = "demo", username = "admin", password = "wrong" }),
            };
            request.Headers.Add("X-Forwarded-For", ip);
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        return statuses;
    }

    private static Dictionary<string, string?> Settings(string? trusted)
    {
        var settings = new Dictionary<string, string?> { ["Steward:RateLimits:LoginPerMinute"] = "2" };
        if (trusted is not null)
        {
            settings["Steward:Server:TrustedProxies:0"] = trusted;
        }

        return settings;
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_ip_has_its_own_budget()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite, Settings("127.0.0.1"), services: s => FrozenClock.Install(s, FrozenClock.MidWindow()));
        var statuses = await LoginFromAsync(server, "203.0.113.5", "203.0.113.5", "203.0.113.5", "203.0.113.6");
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.Unauthorized], statuses);
    }

    [Fact]
    public async Task Without_a_trusted_proxy_forwarded_headers_are_ignored()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite, Settings(null), services: s => FrozenClock.Install(s, FrozenClock.MidWindow()));
        var statuses = await LoginFromAsync(server, "203.0.113.5", "203.0.113.6", "203.0.113.7");
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_malformed_trusted_proxy_stops_start_up_with_a_message_naming_it()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            TestServer.StartAsync(Backends.Sqlite, Settings("not-an-ip")));
        Assert.Contains("not-an-ip", error.Message);
    }
}
