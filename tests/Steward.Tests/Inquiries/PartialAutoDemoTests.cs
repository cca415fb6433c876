using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Steward.Commerce.Sandbox;
using Steward.Hosting;
using Steward.Tests.Fixtures;
using static Steward.Tests.Fixtures.HttpJson;

namespace Steward.Tests.Inquiries;

/// <summary>
/// The README's partial-auto walkthrough, step by step over HTTP on a real server with the demo data and its real
/// workers: questions arrive on the sandbox boards, drafts wait in the queue, test mode auto-sends for the one allowed
/// account, injected failures trip the guardian (and its Slack webhook), an admin resets it, an escalation stops everything.
/// </summary>
public class PartialAutoDemoTests
{
    private const string Board = "/sandbox/api/v2/admin/boards/2/articles";

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_walkthrough_drafts_auto_sends_in_test_mode_and_the_guardian_trips_on_injected_failures(string backend)
    {
        await using var slack = await WebhookReceiver.StartAsync();
        await using var server = await TestServer.StartAsync(backend, new Dictionary<string, string?>
        {
            ["Steward:Inquiries:PollEnabled"] = "false",
            ["Steward:Inquiries:SenderInterval"] = "00:00:00.050",
            ["Steward:Guardian:WebhookUrl"] = slack.Url,
        });
        await server.Services.GetRequiredService<Initializer>().SeedDemoContentAsync(Initializer.DemoOrg); // what `steward serve` does on first start
        var admin = server.Client;
        var service = server.CreateClient(await server.CreateKeyAsync("service"));
        var agent = server.CreateClient(await server.CreateKeyAsync("agent"));
        var orderId = (await Json(await admin.GetAsync("/sandbox/api/v2/admin/orders?limit=1"))).GetProperty("orders")[0].GetProperty("order_id").GetString();
        var question = $"배송 언제 오나요? 주문번호 {orderId}";

        // 1. The shop's unanswered questions arrive and are drafted; partial auto is off by default, so all wait for a person.
        var first = await Json(await service.PostAsync("/api/runtime/inquiries/poll", null));
        Assert.True(first.GetProperty("ingested").GetInt32() > 0);
        var queue = (await Json(await agent.GetAsync("/api/inquiries?status=AI_DRAFTED&limit=100"))).EnumerateArray().ToList();
        Assert.Equal(first.GetProperty("ingested").GetInt32(), queue.Count);
        Assert.All(queue, inquiry => Assert.Equal("partial_auto_disabled", inquiry.GetProperty("block_code").GetString()));
        Assert.All(queue, inquiry => Assert.False(string.IsNullOrEmpty(inquiry.GetProperty("draft").GetString())));

        // 2. Test mode, only the sandbox account and market may send (open all day so the walkthrough works at any hour).
        var settings = await admin.PutAsJsonAsync("/api/partial-auto/settings", new
        {
            enabled = true, test_mode = true, allowed_accounts = new[] { "sandbox" }, allowed_markets = new[] { "SANDBOX" },
            business_hours_start = "00:00", business_hours_end = "24:00", business_days = Enum.GetNames<DayOfWeek>(),
        });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);

        // 3. A customer asks on the board: auto-sent once by the sender worker. The same question from an account that is
        //    not allowed waits in the queue, blocked by test mode.
        var asked = await AskAsync(admin, service, question);
        Assert.True(asked.GetProperty("status").GetString() is "AUTO_SEND" or "SENT", $"{asked}"); // the worker may have sent it already
        Assert.Equal(JsonValueKind.Null, asked.GetProperty("block_code").ValueKind);
        var sent = await UntilAsync(agent, asked, i => i.GetProperty("send_status").GetString() == "SENT");
        Assert.Equal(("SENT", 1), (sent.GetProperty("status").GetString(), sent.GetProperty("send_attempts").GetInt32()));
        Assert.Equal("C", (await ArticleAsync(admin, asked)).GetProperty("reply_status").GetString());
        var elsewhere = await Json(await service.PostAsJsonAsync("/api/inquiries",
            new { market_code = "COUPANG", account_id = "coupang-main", market_inquiry_id = "cp-1", text = question }));
        Assert.Equal(("AI_DRAFTED", "account_not_allowed"), (elsewhere.GetProperty("status").GetString(), elsewhere.GetProperty("block_code").GetString()));

        // 4. The market starts refusing: three failed sends in a row lock the account and tell Slack.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/sandbox/faults", new { mode = "refuse", count = 3 })).StatusCode);
        var failing = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            failing.Add(await UntilAsync(agent, await AskAsync(admin, service, question), inquiry => inquiry.GetProperty("send_status").GetString() == "SEND_FAILED"));
        }

        Assert.All(failing, inquiry => Assert.Contains("injected", inquiry.GetProperty("last_send_error").GetString()));
        var guardian = await Json(await agent.GetAsync("/api/guardian"));
        var trip = guardian.GetProperty("history")[0];
        Assert.Equal(("account_lock", "sandbox", true, "consecutive_failures"), (trip.GetProperty("switch").GetString(),
            trip.GetProperty("account_id").GetString(), trip.GetProperty("on").GetBoolean(), trip.GetProperty("rule").GetString()));
        Assert.Equal(3, trip.GetProperty("data").GetProperty("failures").GetInt32());
        var hook = await ReceivedAsync(slack, 1);
        Assert.Contains("consecutive_failures", JsonDocument.Parse(hook[0].Body).RootElement.GetProperty("text").GetString());
        Assert.Equal(0, (await Json(await agent.GetAsync("/api/sandbox/faults"))).GetProperty("remaining").GetInt32());

        // 5. While the account is locked nothing of it is sent automatically.
        var locked = await AskAsync(admin, service, question);
        Assert.Equal(("AI_DRAFTED", "guardian_account_locked"), (locked.GetProperty("status").GetString(), locked.GetProperty("block_code").GetString()));

        // 6. An admin resets the lock with a reason; a person re-sends a failed reply from the queue; new questions auto-send again.
        var reset = await admin.PostAsJsonAsync("/api/guardian/reset", new { @switch = "account_lock", account_id = "sandbox", reason = "market recovered" });
        Assert.True((await Json(reset)).GetProperty("changed").GetBoolean());
        var resent = await Json(await agent.PostAsJsonAsync($"/api/inquiries/{Id(failing[0])}/approve", new { }));
        Assert.Equal(("sent", 2), (resent.GetProperty("outcome").GetString(), resent.GetProperty("inquiry").GetProperty("send_attempts").GetInt32()));
        var after = await AskAsync(admin, service, question);
        Assert.Equal("SENT", (await UntilAsync(agent, after, i => i.GetProperty("send_status").GetString() == "SENT")).GetProperty("status").GetString());

        // 7. A customer threatens the consumer agency: escalated to a person, and the guardian stops every automatic reply.
        var escalated = await AskAsync(admin, service, "환불 안 해주시면 소비자원에 신고하겠습니다.");
        Assert.Equal(("ESCALATED", "escalation_keyword"), (escalated.GetProperty("status").GetString(), escalated.GetProperty("block_code").GetString()));
        var stopped = await AskAsync(admin, service, question);
        Assert.Equal(("AI_DRAFTED", "guardian_test_mode"), (stopped.GetProperty("status").GetString(), stopped.GetProperty("block_code").GetString()));
        Assert.Contains("escalation_keyword", JsonDocument.Parse((await ReceivedAsync(slack, 3))[^1].Body).RootElement.GetProperty("text").GetString());
        var stop = (await Json(await agent.GetAsync("/api/guardian"))).GetProperty("history")[0];
        Assert.Equal($"escalation keyword '소비자원' in inquiry {Id(escalated)}", stop.GetProperty("reason").GetString());

        // Every reply that reached the board was sent exactly once.
        var sandbox = server.Services.GetRequiredService<SandboxBackendResolver>().ForOrg(Initializer.DemoOrg);
        foreach (var inquiry in new[] { asked, failing[0], after })
        {
            Assert.Equal(1, await sandbox.CountRepliesAsync(2, ArticleNo(inquiry), CancellationToken.None));
        }

        Assert.Equal(0, await sandbox.CountRepliesAsync(2, ArticleNo(failing[1]), CancellationToken.None));
    }

    /// <summary>A customer posts <paramref name="text"/> on the delivery board; the poll ingests it; returns the new inquiry.</summary>
    private static async Task<JsonElement> AskAsync(HttpClient admin, HttpClient service, string text)
    {
        var posted = await admin.PostAsJsonAsync(Board, new
        {
            shop_no = 1, requests = new[] { new { writer = "김고객", title = text, content = text, client_ip = "203.0.113.7" } },
        });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var articleNo = (await Json(posted)).GetProperty("articles")[0].GetProperty("article_no").GetInt64();
        var poll = await Json(await service.PostAsync("/api/runtime/inquiries/poll", null));
        Assert.Equal(1, poll.GetProperty("ingested").GetInt32());
        var all = await Json(await admin.GetAsync("/api/inquiries?limit=100"));
        return all.EnumerateArray().Single(i => i.GetProperty("market_inquiry_id").GetString() == $"2:{articleNo}");
    }

    private static async Task<JsonElement> UntilAsync(HttpClient agent, JsonElement inquiry, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var now = await Json(await agent.GetAsync($"/api/inquiries/{Id(inquiry)}"));
            if (done(now) || DateTime.UtcNow > deadline)
            {
                Assert.True(done(now), $"inquiry {Id(inquiry)} is still {now}");
                return now;
            }

            await Task.Delay(50);
        }
    }

    private static async Task<IReadOnlyList<ReceivedWebhook>> ReceivedAsync(WebhookReceiver receiver, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (receiver.Received.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(receiver.Received.Count >= count, $"the webhook got {receiver.Received.Count} of {count} posts");
        return [.. receiver.Received];
    }

    private static async Task<JsonElement> ArticleAsync(HttpClient client, JsonElement inquiry) =>
        (await Json(await client.GetAsync($"{Board}?limit=100"))).GetProperty("articles").EnumerateArray()
        .Single(article => article.GetProperty("article_no").GetInt64() == ArticleNo(inquiry));

    private static string Id(JsonElement inquiry) => inquiry.GetProperty("id").GetString()!;

    private static long ArticleNo(JsonElement inquiry) => long.Parse(inquiry.GetProperty("market_inquiry_id").GetString()!.Split(':')[1]);
}
