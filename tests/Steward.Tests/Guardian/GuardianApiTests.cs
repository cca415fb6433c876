using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Steward.Guardian;
using Steward.Hosting;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Guardian;

public class GuardianApiTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task An_admin_trips_and_resets_with_a_reason_recorded_and_agents_may_only_read(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        var guardian = server.Services.GetRequiredService<GuardianService>();

        var trip = await server.Client.PostAsJsonAsync("/api/guardian/trip", new { @switch = "account_lock", account_id = "acct-9", reason = "market outage" });
        Assert.Equal(HttpStatusCode.OK, trip.StatusCode);
        Assert.True((await TestServer.ReadAsync<JsonElement>(trip)).GetProperty("changed").GetBoolean());
        Assert.Contains("acct-9", (await guardian.SnapshotAsync(Initializer.DemoOrg, default)).LockedAccounts);

        var again = await server.Client.PostAsJsonAsync("/api/guardian/trip", new { @switch = "account_lock", account_id = "acct-9", reason = "twice" });
        Assert.False((await TestServer.ReadAsync<JsonElement>(again)).GetProperty("changed").GetBoolean());

        var reset = await server.Client.PostAsJsonAsync("/api/guardian/reset", new { @switch = "account_lock", account_id = "acct-9", reason = "market is back" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Empty((await guardian.SnapshotAsync(Initializer.DemoOrg, default)).LockedAccounts);

        var agent = server.CreateClient(await server.CreateKeyAsync("agent"));
        var state = await TestServer.ReadAsync<JsonElement>(await agent.GetAsync("/api/guardian"));
        var lockRow = state.GetProperty("switches").EnumerateArray().Single(s => s.GetProperty("switch").GetString() == "account_lock");
        Assert.False(lockRow.GetProperty("on").GetBoolean());
        Assert.Equal("market is back", lockRow.GetProperty("reason").GetString());
        Assert.StartsWith("api_key:", lockRow.GetProperty("changed_by").GetString());
        Assert.Equal(4, state.GetProperty("switches").GetArrayLength());
        var history = state.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal([("market is back", false, null), ("market outage", true, "manual")],
            history.Select(e => (e.GetProperty("reason").GetString(), e.GetProperty("on").GetBoolean(), e.GetProperty("rule").GetString())));

        var metrics = await server.CreateClient().GetStringAsync("/metrics");
        Assert.Contains("guardian_trips_total{rule=\"manual\"} 1", metrics);
        Assert.Contains("guardian_resets_total{switch=\"account_lock\"} 1", metrics);

        var audit = await server.Services.GetRequiredService<Steward.Audit.AuditLog>().QueryAsync(Initializer.DemoOrg, "guardian.");
        Assert.Equal(["guardian.reset", "guardian.trip"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal("api_key", e.ActorType));

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/guardian/trip", new { @switch = "global_test_mode", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/guardian/reset", new { @switch = "global_test_mode", reason = "x" })).StatusCode);
        var viewer = server.CreateClient(await server.CreateKeyAsync("viewer"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/guardian")).StatusCode);
        using var anonymous = server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/guardian")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/guardian/reset", new { @switch = "global_test_mode", reason = "x" })).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Bad_requests_are_400_problems_and_change_nothing(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        object[] bad =
        [
            new { @switch = "global_test_mode" },
            new { @switch = "global_test_mode", reason = "  " },
            new { @switch = "global_test_mode", reason = new string('x', 501) },
            new { @switch = "everything", reason = "x" },
            new { @switch = "account_lock", reason = "x" },
            new { @switch = "shadow_mode", account_id = "acct-1", reason = "x" },
            new { @switch = "shadow_mode", reason = "x", extra = 1 },
        ];
        foreach (var body in bad)
        {
            foreach (var path in new[] { "/api/guardian/trip", "/api/guardian/reset" })
            {
                var response = await server.Client.PostAsJsonAsync(path, body);
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Empty((await server.Services.GetRequiredService<GuardianService>().StateAsync(Initializer.DemoOrg, default)).History);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Every_change_is_posted_to_the_webhook_as_slack_json_and_a_failing_webhook_blocks_nothing(string backend)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = await GuardianHarness.StartAsync(backend, options => options.WebhookUrl = receiver.Url);
        await harness.Guardian.EscalationSeenAsync("shop", "inq-1", "클레임", default);
        await harness.Guardian.EscalationSeenAsync("shop", "inq-2", "클레임", default);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (receiver.Received.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var received = Assert.Single(receiver.Received);
        Assert.Equal("application/json", received.ContentType?.Split(';')[0]);
        using var json = JsonDocument.Parse(received.Body);
        var text = json.RootElement.GetProperty("text").GetString()!;
        Assert.Contains("global_test_mode", text);
        Assert.Contains("escalation_keyword", text);
        Assert.Equal(("shop", "global_test_mode", true, GuardianRules.EscalationKeyword),
            (json.RootElement.GetProperty("org_id").GetString(), json.RootElement.GetProperty("switch").GetString(),
                json.RootElement.GetProperty("on").GetBoolean(), json.RootElement.GetProperty("rule").GetString()));

        receiver.StatusCode = 500;
        receiver.Delay = TimeSpan.FromSeconds(30);
        var started = DateTime.UtcNow;
        await harness.RepeatAsync("acct-1", 3, succeeded: false);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        Assert.Contains("acct-1", (await harness.SnapshotAsync()).LockedAccounts);
    }
}
