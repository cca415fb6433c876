using System.Net;
using System.Text;
using System.Text.Json;
using Steward.Security;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Hosting;

/// <summary>Errors are RFC 7807 problems that leak nothing; every response carries the security headers.</summary>
public class HttpBehaviourTests : IAsyncLifetime
{
    private const string SecretInException = "connection string Password=hunter2 at Steward.Internal.Thing";
    private TestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(Backends.Sqlite, new Dictionary<string, string?> { ["Steward:Security:MaxRequestBodyBytes"] = "4096" }, app =>
            app.MapGet("/api/test/throws", string () => throw new InvalidOperationException(SecretInException)).RequireAuthorization(Policies.Viewer));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_endpoint_that_throws_returns_a_500_problem_without_exception_details()
    {
        var response = await _server.Client.GetAsync("/api/test/throws");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("hunter2", body);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.DoesNotContain("Steward.", body);
        Assert.DoesNotContain(" at ", body);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("request_id", out _));
        AssertSecurityHeaders(response);
    }

    [Theory]
    [InlineData("{\"name\": \"x\", \"role\": ")]
    [InlineData("not json at all")]
    [InlineData("{\"name\": 42, \"role\": \"admin\"}")]
    [InlineData("{\"name\": \"x\", \"role\": \"admin\", \"is_root\": true}")]
    public async Task Malformed_json_wrong_types_and_unknown_fields_are_400_problems(string json)
    {
        var response = await _server.Client.PostAsync("/api/keys", new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("System.", body);
        Assert.DoesNotContain("Steward.", body);
        Assert.Equal(1, (await TestServer.ReadAsync<JsonElement>(await _server.Client.GetAsync("/api/keys"))).GetArrayLength());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        var json = JsonSerializer.Serialize(new { name = new string('x', 10_000), role = "admin" });
        var response = await _server.Client.PostAsync("/api/keys", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/metrics")]
    [InlineData("/no/such/page")]
    [InlineData("/api/keys")]
    public async Task Every_response_has_the_security_headers(string path)
    {
        using var anonymous = _server.CreateClient();
        var response = await anonymous.GetAsync(path);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Unknown_routes_are_problems_too()
    {
        var response = await _server.Client.GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Cors_allows_only_configured_origins()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite, new Dictionary<string, string?> { ["Steward:Security:AllowedOrigins:0"] = "https://shop.example" });
        using var client = server.CreateClient();

        async Task<HttpResponseMessage> Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, "/api/keys");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "GET");
            return await client.SendAsync(request);
        }

        var allowed = await Preflight("https://shop.example");
        var denied = await Preflight("https://evil.example");
        Assert.Equal("https://shop.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(denied.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? values.Single() : "";
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.NotEmpty(Header("Referrer-Policy"));
        Assert.NotEmpty(Header("Permissions-Policy"));
        var csp = Header("Content-Security-Policy");
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.False(response.Headers.Contains("Strict-Transport-Security")); // development: no HSTS on plain http
    }
}
