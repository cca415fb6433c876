using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Hosting;

public class EndpointAuthorizationTests
{
    /// <summary>The only endpoints anyone may call without credentials.</summary>
    private static readonly HashSet<string> AnonymousAllowList =
    [
        "/liveness", "/readiness", "/health", "/healthz", "/health/detailed", "/metrics", "/api/auth/login",
    ];

    [Fact]
    public async Task Every_endpoint_declares_who_may_call_it_and_only_the_allow_list_is_anonymous()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);

        var undeclared = new List<string>();
        var anonymous = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var allowsAnonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var authorizes = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any();
            if (allowsAnonymous)
            {
                anonymous.Add(route);
            }
            else if (!authorizes)
            {
                undeclared.Add($"{endpoint.DisplayName} ({route})");
            }
        }

        Assert.Empty(undeclared);
        Assert.DoesNotContain(anonymous, route => !AnonymousAllowList.Contains(route));
        Assert.Superset(AnonymousAllowList, anonymous.ToHashSet());
    }

    [Fact]
    public async Task Non_anonymous_endpoints_refuse_a_request_without_credentials()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        using var anonymous = server.CreateClient();
        foreach (var path in new[] { "/api/keys", "/api/audit", "/api/auth/me", "/api/mcp/servers", "/mcp" })
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        }
    }
}
