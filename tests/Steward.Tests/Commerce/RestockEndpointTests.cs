using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Steward.Commerce;
using Steward.Commerce.Restock;
using Steward.Commerce.Sandbox;
using Steward.Hosting;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Commerce;

public class RestockEndpointTests
{
    private const string Dispatch = "/api/runtime/restock/dispatch";
    private const long ProductNo = 1001;

    /// <summary>The demo org's sandbox shop with <see cref="ProductNo"/> sold out and one customer waiting for it.</summary>
    private static async Task<ICommerceBackend> WaitingCustomerAsync(TestServer server)
    {
        await server.Services.GetRequiredService<SandboxSeeder>().SeedAsync(Initializer.DemoOrg);
        var shop = await server.Services.GetRequiredService<ICommerceBackendResolver>().ForOrgAsync(Initializer.DemoOrg, CancellationToken.None);
        Assert.True(await shop.SetStockAsync(ProductNo, 0, CancellationToken.None));
        await server.Services.GetRequiredService<RestockSubscriptions>().SubscribeAsync(Initializer.DemoOrg, ProductNo, "010-1234-5678", null, CancellationToken.None);
        return shop;
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_service_key_dispatches_and_admins_see_the_subscription_and_what_was_sent(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        var shop = await WaitingCustomerAsync(server);
        var waiting = await TestServer.ReadAsync<JsonElement>(await server.Client.GetAsync("/api/restock/subscriptions?waiting=true"));
        Assert.Equal("010-1234-5678", Assert.Single(waiting.EnumerateArray()).GetProperty("contact").GetString());
        Assert.True(await shop.SetStockAsync(ProductNo, 5, CancellationToken.None));

        using var service = server.CreateClient(await server.CreateKeyAsync("service"));
        var response = await service.PostAsync(Dispatch, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await TestServer.ReadAsync<JsonElement>(response);
        Assert.Equal(
            """{"checked_products":1,"notified":1,"failed":0,"skipped_out_of_stock":0,"recovered_claims":0}""",
            JsonSerializer.Serialize(result));

        var sent = await TestServer.ReadAsync<JsonElement>(await server.Client.GetAsync("/api/notifications?limit=10"));
        var notification = Assert.Single(sent.EnumerateArray());
        Assert.Equal("010-1234-5678", notification.GetProperty("recipient").GetString());
        Assert.StartsWith("[Demo shop] 재입고 알림: ", notification.GetProperty("message").GetString());
        waiting = await TestServer.ReadAsync<JsonElement>(await server.Client.GetAsync("/api/restock/subscriptions?waiting=true"));
        Assert.Empty(waiting.EnumerateArray());

        var audit = await TestServer.ReadAsync<JsonElement>(await server.Client.GetAsync("/api/audit?action=restock.dispatch"));
        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal("api_key", entry.GetProperty("actor_type").GetString());
        Assert.Contains("restock_notifications_total{outcome=\"sent\"} 1\n", await server.Client.GetStringAsync("/metrics"));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Only_service_and_admin_callers_may_dispatch_and_only_admins_may_look(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        using var service = server.CreateClient(await server.CreateKeyAsync("service"));
        using var agent = server.CreateClient(await server.CreateKeyAsync("agent"));
        using var viewer = server.CreateClient(await server.CreateKeyAsync("viewer"));
        using var anonymous = server.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsJsonAsync(Dispatch, new { product_no = ProductNo })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.PostAsync(Dispatch, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync(Dispatch, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(Dispatch, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(Dispatch, null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.PostAsJsonAsync(Dispatch, new { product = ProductNo })).StatusCode);

        foreach (var path in new[] { "/api/notifications", "/api/restock/subscriptions" })
        {
            Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await service.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_worker_dispatches_on_its_interval(string backend)
    {
        await using var server = await TestServer.StartAsync(backend, new Dictionary<string, string?> { ["Steward:Restock:Interval"] = "00:00:01" });
        var shop = await WaitingCustomerAsync(server);
        Assert.True(await shop.SetStockAsync(ProductNo, 5, CancellationToken.None));

        var notifications = server.Services.GetRequiredService<NotificationStore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await notifications.ListAsync(Initializer.DemoOrg, 10, 0, CancellationToken.None)).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Single(await notifications.ListAsync(Initializer.DemoOrg, 10, 0, CancellationToken.None));
        Assert.Empty(await server.Services.GetRequiredService<RestockSubscriptions>().ListAsync(Initializer.DemoOrg, waitingOnly: true, 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_disabled_worker_does_not_dispatch()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite,
            new Dictionary<string, string?> { ["Steward:Restock:Interval"] = "00:00:01", ["Steward:Restock:Enabled"] = "false" });
        var shop = await WaitingCustomerAsync(server);
        Assert.True(await shop.SetStockAsync(ProductNo, 5, CancellationToken.None));

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Single(await server.Services.GetRequiredService<RestockSubscriptions>().ListAsync(Initializer.DemoOrg, waitingOnly: true, 10, CancellationToken.None));
    }
}
