using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Inquiries;

/// <summary>Per-org gate settings over HTTP: defaults from the seed's environment names, overrides, presets, reset.</summary>
public class PartialAutoSettingsTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Admins_override_the_defaults_per_org_and_agents_only_read_them(string backend)
    {
        await using var server = await TestServer.StartAsync(backend, new Dictionary<string, string?>
        {
            ["Steward:PartialAuto:Enabled"] = "true", ["Steward:PartialAuto:AllowedIntents:0"] = "배송문의",
        });
        var defaults = await server.Client.GetFromJsonAsync<JsonElement>("/api/partial-auto/settings");
        Assert.True(defaults.GetProperty("is_default").GetBoolean());
        Assert.True(defaults.GetProperty("settings").GetProperty("enabled").GetBoolean());
        Assert.True(defaults.GetProperty("settings").GetProperty("test_mode").GetBoolean());
        Assert.Equal("배송문의", defaults.GetProperty("settings").GetProperty("allowed_intents")[0].GetString());

        var preset = await server.Client.PostAsJsonAsync("/api/partial-auto/settings/preset", new { phase = 2, accounts = new[] { "acc-main" }, markets = new[] { "COUPANG" } });
        Assert.Equal(HttpStatusCode.OK, preset.StatusCode);
        var phase2 = (await TestServer.ReadAsync<JsonElement>(preset)).GetProperty("settings");
        Assert.False(phase2.GetProperty("test_mode").GetBoolean());
        Assert.Equal("acc-main", phase2.GetProperty("allowed_accounts")[0].GetString());

        var other = server.CreateClient(await server.CreateOrgAsync("other-shop"));
        Assert.True((await other.GetFromJsonAsync<JsonElement>("/api/partial-auto/settings")).GetProperty("is_default").GetBoolean());

        var agent = server.CreateClient(await server.CreateKeyAsync("agent"));
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/partial-auto/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/partial-auto/settings/preset", new { phase = 3 })).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.PostAsJsonAsync("/api/partial-auto/settings/preset", new { phase = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.PostAsJsonAsync("/api/partial-auto/settings/preset", new { phase = 4 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.PutAsJsonAsync("/api/partial-auto/settings", new { enabled = true, business_hours_start = "25:00" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.PutAsJsonAsync("/api/partial-auto/settings", new { business_hours_start = "18:00", business_hours_end = "09:00" })).StatusCode);

        var put = await server.Client.PutAsJsonAsync("/api/partial-auto/settings", new { enabled = true, test_mode = false, min_confidence = 0.8, daily_quota_per_account = 30 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(30, (await TestServer.ReadAsync<JsonElement>(put)).GetProperty("settings").GetProperty("daily_quota_per_account").GetInt32());

        var reset = await server.Client.DeleteAsync("/api/partial-auto/settings");
        Assert.True((await TestServer.ReadAsync<JsonElement>(reset)).GetProperty("is_default").GetBoolean());
        var audit = await server.Client.GetFromJsonAsync<JsonElement>("/api/audit?action=partial_auto");
        Assert.Equal(3, audit.GetArrayLength());
    }
}
