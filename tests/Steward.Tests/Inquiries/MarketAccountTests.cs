using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Steward.Audit;
using Steward.Hosting;
using Steward.Storage;
using Steward.Tests.Fixtures;
using static Steward.Tests.Fixtures.HttpJson;

namespace Steward.Tests.Inquiries;

/// <summary>
/// Connected market accounts: an org connects its Cafe24 mall (address, sealed token, boards); the poller reads the
/// mall's unanswered questions through Cafe24's API and replies go back to that mall, with that mall's token.
/// </summary>
public class MarketAccountTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_connected_malls_questions_are_polled_drafted_and_answered_on_that_mall(string backend)
    {
        await using var market = await FakeMarket.StartAsync();
        market.Questions["1:501"] = "반품은 며칠 안에 신청해야 하나요?";
        market.Questions["1:502"] = "소비자원에 신고할게요";
        market.Questions["9:1"] = "a board that is not connected";
        await using var server = await TestServer.StartAsync(backend, new Dictionary<string, string?> { ["Steward:Inquiries:PollEnabled"] = "false" });
        var service = server.CreateClient(await server.CreateKeyAsync("service"));
        var agent = server.CreateClient(await server.CreateKeyAsync("agent"));
        var connected = await server.Client.PostAsJsonAsync("/api/market-accounts", new
        {
            market_code = "cafe24", account_id = "mall-main", base_url = market.BaseUrl, access_token = FakeMarket.Token, boards = new[] { 1 }, member_id = "myshop",
        });
        Assert.Equal(HttpStatusCode.Created, connected.StatusCode);

        var poll = await Json(await service.PostAsync("/api/runtime/inquiries/poll", null));
        Assert.Equal((2, 2), (poll.GetProperty("seen").GetInt32(), poll.GetProperty("ingested").GetInt32()));
        Assert.Equal(0, (await Json(await service.PostAsync("/api/runtime/inquiries/poll", null))).GetProperty("ingested").GetInt32());
        var inquiries = (await Json(await agent.GetAsync("/api/inquiries?limit=10"))).EnumerateArray().ToList();
        Assert.All(inquiries, i => Assert.Equal(("CAFE24", "mall-main"), (i.GetProperty("market_code").GetString(), i.GetProperty("account_id").GetString())));
        var returns = inquiries.Single(i => i.GetProperty("market_inquiry_id").GetString() == "1:501");
        Assert.False(string.IsNullOrEmpty(returns.GetProperty("draft").GetString()));
        Assert.Equal("ESCALATED", inquiries.Single(i => i.GetProperty("market_inquiry_id").GetString() == "1:502").GetProperty("status").GetString());

        var approved = await Json(await agent.PostAsJsonAsync($"/api/inquiries/{returns.GetProperty("id").GetString()}/approve", new { text = "수령 후 7일 이내입니다." }));
        Assert.Equal("sent", approved.GetProperty("outcome").GetString());
        Assert.Equal(1, market.Count("1:501"));
        Assert.Equal(1, (await Json(await service.PostAsync("/api/runtime/inquiries/poll", null))).GetProperty("seen").GetInt32()); // 1:501 is answered now
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_mall_that_refuses_the_token_is_named_and_the_others_are_polled(string backend)
    {
        await using var market = await FakeMarket.StartAsync();
        market.Questions["1:7"] = "배송 언제 오나요?";
        await using var server = await TestServer.StartAsync(backend, new Dictionary<string, string?> { ["Steward:Inquiries:PollEnabled"] = "false" });
        await server.Client.PostAsJsonAsync("/api/market-accounts",
            new { market_code = "CAFE24", account_id = "expired", base_url = market.BaseUrl, access_token = "stale", boards = new[] { 1 } });
        await server.Client.PostAsJsonAsync("/api/market-accounts",
            new { market_code = "CAFE24", account_id = "fine", base_url = market.BaseUrl, access_token = FakeMarket.Token, boards = new[] { 1 } });

        var poll = await Json(await server.Client.PostAsync("/api/runtime/inquiries/poll", null));

        Assert.Equal(1, poll.GetProperty("ingested").GetInt32());
        Assert.Equal(["CAFE24:expired"], poll.GetProperty("failed_accounts").EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Accounts_are_admin_only_validated_sealed_audited_and_per_org(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        var agent = server.CreateClient(await server.CreateKeyAsync("agent"));
        var other = server.CreateClient(await server.CreateOrgAsync("other-shop"));
        object Body(string account = "mall-main", string market = "CAFE24", string url = "https://myshop.cafe24api.com", string? token = "secret-token-123",
            int[]? boards = null, bool poll = true) =>
            new { market_code = market, account_id = account, base_url = url, access_token = token, boards = boards ?? [1, 2], poll };

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/market-accounts", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/market-accounts")).StatusCode);
        foreach (var bad in new[]
                 {
                     Body(market: "COUPANG"), Body(account: ""), Body(account: "a/b"), Body(url: "ftp://x"), Body(url: "not a url"), Body(token: null),
                     Body(boards: [0]), Body(boards: [1, 1]), Body(boards: []), new { market_code = "CAFE24", extra = 1 },
                 })
        {
            var response = await server.Client.PostAsJsonAsync("/api/market-accounts", bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsJsonAsync("/api/market-accounts", Body(boards: [], poll: false))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await server.Client.PostAsJsonAsync("/api/market-accounts", Body())).StatusCode);
        var listed = await (await server.Client.GetAsync("/api/market-accounts")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret-token-123", listed);
        Assert.Equal("mall-main", JsonDocument.Parse(listed).RootElement[0].GetProperty("account_id").GetString());
        Assert.Equal("[]", await (await other.GetAsync("/api/market-accounts")).Content.ReadAsStringAsync());
        await using (var connection = await server.Services.GetRequiredService<Database>().OpenAsync())
        {
            var stored = await connection.QuerySingleAsync<string>("SELECT token_sealed FROM market_accounts");
            Assert.DoesNotContain("secret-token-123", stored);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync("/api/market-accounts/CAFE24/mall-main")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.DeleteAsync("/api/market-accounts/cafe24/mall-main")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.DeleteAsync("/api/market-accounts/CAFE24/mall-main")).StatusCode);
        var audit = await server.Services.GetRequiredService<AuditLog>().QueryAsync(Initializer.DemoOrg, "market_account.");
        Assert.Equal(["market_account.add", "market_account.delete"], audit.Select(e => e.Action).Order());
        Assert.DoesNotContain(audit, e => JsonSerializer.Serialize(e).Contains("secret-token-123", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_reply_for_an_account_that_is_not_connected_fails_without_reaching_any_market(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        var service = server.CreateClient(await server.CreateKeyAsync("service"));
        var agent = server.CreateClient(await server.CreateKeyAsync("agent"));
        var created = await Json(await service.PostAsJsonAsync("/api/inquiries",
            new { market_code = "CAFE24", account_id = "nobody", market_inquiry_id = "1:1", text = "배송 언제 오나요?" }));

        var approved = await Json(await agent.PostAsJsonAsync($"/api/inquiries/{created.GetProperty("id").GetString()}/approve", new { text = "내일 출고됩니다." }));

        Assert.Equal(("failed", "SEND_FAILED"), (approved.GetProperty("outcome").GetString(), approved.GetProperty("inquiry").GetProperty("status").GetString()));
        Assert.Contains("no connected account 'nobody'", approved.GetProperty("inquiry").GetProperty("last_send_error").GetString());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_token_that_cannot_be_opened_fails_polls_and_sends_by_name_without_reaching_the_market(string backend)
    {
        await using var market = await FakeMarket.StartAsync();
        market.Questions["1:9"] = "배송 언제 오나요?";
        await using var server = await TestServer.StartAsync(backend, new Dictionary<string, string?> { ["Steward:Inquiries:PollEnabled"] = "false" });
        foreach (var account in new[] { "a", "b" })
        {
            await server.Client.PostAsJsonAsync("/api/market-accounts",
                new { market_code = "CAFE24", account_id = account, base_url = market.BaseUrl, access_token = FakeMarket.Token, boards = new[] { 1 } });
        }

        // Each sealed token is bound to its row: swapped, neither opens (as after a SECRET_KEY rotation).
        await using (var connection = await server.Services.GetRequiredService<Database>().OpenAsync())
        {
            var sealedTokens = (await connection.QueryAsync<(string Account, string Token)>("SELECT account_id, token_sealed FROM market_accounts")).ToDictionary(r => r.Account, r => r.Token);
            await connection.ExecuteAsync("UPDATE market_accounts SET token_sealed = @token WHERE account_id = @account", new { account = "a", token = sealedTokens["b"] });
            await connection.ExecuteAsync("UPDATE market_accounts SET token_sealed = @token WHERE account_id = @account", new { account = "b", token = sealedTokens["a"] });
        }

        var poll = await Json(await server.Client.PostAsync("/api/runtime/inquiries/poll", null));
        Assert.Equal(["CAFE24:a", "CAFE24:b"], poll.GetProperty("failed_accounts").EnumerateArray().Select(a => a.GetString()));

        var service = server.CreateClient(await server.CreateKeyAsync("service"));
        var created = await Json(await service.PostAsJsonAsync("/api/inquiries", new { market_code = "CAFE24", account_id = "a", market_inquiry_id = "1:9", text = "배송 언제 오나요?" }));
        var approved = await Json(await server.Client.PostAsJsonAsync($"/api/inquiries/{created.GetProperty("id").GetString()}/approve", new { text = "내일 출고됩니다." }));
        Assert.Equal("failed", approved.GetProperty("outcome").GetString());
        Assert.Contains("cannot be read", approved.GetProperty("inquiry").GetProperty("last_send_error").GetString());
        Assert.Equal(0, market.Count("1:9"));
    }
}
