using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Steward.Audit;
using Steward.Commerce;
using Steward.Commerce.Sandbox;
using Steward.Hosting;
using Steward.Inquiries;
using Steward.Inquiries.Sending;
using Steward.Tests.Fixtures;
using static Steward.Tests.Fixtures.HttpJson;

namespace Steward.Tests.Commerce;

/// <summary>Injected sandbox failures and customers' new questions: what the demo and drills use, over HTTP and through the sender.</summary>
public class SandboxFaultTests
{
    private const string Board = "/sandbox/api/v2/admin/boards/2/articles";
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Each_injected_failure_hits_exactly_one_of_many_concurrent_replies(string backend)
    {
        await using var server = await StartAsync(backend);
        var sandbox = Sandbox(server);
        var questions = await OpenQuestionsAsync(sandbox, 8);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PutAsJsonAsync("/api/sandbox/faults", new { mode = "refuse", count = 3 })).StatusCode);

        var attempts = await Task.WhenAll(questions.Select(q => Task.Run(() => sandbox.AddReplyAsync(2, q.ArticleNo, "답변", None))));

        Assert.Equal(3, attempts.Count(a => a.Fault == SandboxFaultModes.Refuse));
        Assert.All(attempts.Where(a => a.Fault is null), a => Assert.NotNull(a.Reply));
        var counts = await Task.WhenAll(questions.Select(q => sandbox.CountRepliesAsync(2, q.ArticleNo, None)));
        Assert.Equal(5, counts.Sum());
        Assert.Equal(3, counts.Count(c => c == 0)); // a refused reply is not stored and the question stays unanswered
        Assert.Equal(SandboxFault.None, await server.Services.GetRequiredService<SandboxFaults>().GetAsync(Initializer.DemoOrg, None));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_sandbox_api_answers_injected_failures_as_a_market_would(string backend)
    {
        await using var server = await StartAsync(backend);
        var sandbox = Sandbox(server);
        var (refused, lost, fine) = await OpenQuestionsAsync(sandbox, 3) switch { var q => (q[0], q[1], q[2]) };
        await server.Client.PutAsJsonAsync("/api/sandbox/faults", new { mode = "refuse", count = 1 });

        var refusal = await server.Client.PostAsJsonAsync(Board, Reply(refused.ArticleNo));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refusal.StatusCode);
        Assert.Contains("injected", (await Json(refusal)).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(0, await sandbox.CountRepliesAsync(2, refused.ArticleNo, None));

        await server.Client.PutAsJsonAsync("/api/sandbox/faults", new { mode = "lost", count = 1 });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Client.PostAsJsonAsync(Board, Reply(lost.ArticleNo))).StatusCode);
        Assert.Equal(1, await sandbox.CountRepliesAsync(2, lost.ArticleNo, None)); // stored: only the answer was lost

        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsJsonAsync(Board, Reply(fine.ArticleNo))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_lost_answer_stays_sending_and_reconciliation_finds_the_reply(string backend)
    {
        var clock = FrozenClock.MidWindow();
        await using var server = await StartAsync(backend, services => FrozenClock.Install(services, clock));
        var sandbox = Sandbox(server);
        var question = (await OpenQuestionsAsync(sandbox, 1))[0];
        var store = server.Services.GetRequiredService<InquiryStore>();
        var (inquiry, _) = await store.IngestAsync(Initializer.DemoOrg, new NewInquiry("SANDBOX", "sandbox", $"2:{question.ArticleNo}", "배송 언제 오나요?"), None);
        await store.RecordDecisionAsync(Initializer.DemoOrg, inquiry.Id,
            new InquiryDecision("배송문의", 0.9, "내일 출고됩니다.", InquiryStatus.AutoSend, null, null, [], JsonDocument.Parse("{}").RootElement), None);
        await server.Client.PutAsJsonAsync("/api/sandbox/faults", new { mode = "lost", count = 1 });
        var sender = server.Services.GetRequiredService<InquirySender>();

        var result = await sender.SendAsync(Initializer.DemoOrg, inquiry.Id, None);
        Assert.Equal((InquirySendOutcomes.Unknown, SendStatus.Sending), (result.Outcome, result.Inquiry!.SendStatus));
        Assert.Contains("injected", result.Inquiry.LastSendError);

        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await sender.ReconcileAsync(None));
        Assert.Equal(SendStatus.Sent, (await store.GetAsync(Initializer.DemoOrg, inquiry.Id, None))!.SendStatus);
        Assert.Equal(1, await sandbox.CountRepliesAsync(2, question.ArticleNo, None));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Faults_are_admin_only_validated_audited_and_per_org(string backend)
    {
        await using var server = await StartAsync(backend);
        var agent = server.CreateClient(await server.CreateKeyAsync("agent"));
        var other = server.CreateClient(await server.CreateOrgAsync("other-shop"));

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PutAsJsonAsync("/api/sandbox/faults", new { mode = "refuse", count = 1 })).StatusCode);
        foreach (var bad in new object[] { new { mode = "explode", count = 1 }, new { mode = "refuse", count = 0 }, new { mode = "refuse", count = 1001 },
                     new { mode = "refuse" }, new { mode = "refuse", count = 1, extra = true } })
        {
            var response = await server.Client.PutAsJsonAsync("/api/sandbox/faults", bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(0, (await Json(await agent.GetAsync("/api/sandbox/faults"))).GetProperty("remaining").GetInt32());
        var set = await Json(await server.Client.PutAsJsonAsync("/api/sandbox/faults", new { mode = "lost", count = 2 }));
        Assert.Equal(("lost", 2), (set.GetProperty("mode").GetString(), set.GetProperty("remaining").GetInt32()));
        Assert.StartsWith("api_key:", set.GetProperty("set_by").GetString());
        Assert.Equal(2, (await Json(await agent.GetAsync("/api/sandbox/faults"))).GetProperty("remaining").GetInt32());
        Assert.Equal(0, (await Json(await other.GetAsync("/api/sandbox/faults"))).GetProperty("remaining").GetInt32());

        Assert.Equal(JsonValueKind.Null, (await Json(await server.Client.DeleteAsync("/api/sandbox/faults"))).GetProperty("mode").ValueKind);
        Assert.Equal(0, (await Json(await agent.GetAsync("/api/sandbox/faults"))).GetProperty("remaining").GetInt32());
        var audit = await server.Services.GetRequiredService<AuditLog>().QueryAsync(Initializer.DemoOrg, "sandbox.faults.");
        Assert.Equal(["sandbox.faults.clear", "sandbox.faults.set"], audit.Select(e => e.Action).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_customer_posts_a_new_question_that_the_poll_ingests(string backend)
    {
        await using var server = await StartAsync(backend);
        var question = new { writer = "김고객", title = "배송 문의", content = "언제 와요?", client_ip = "203.0.113.7" };

        var posted = await server.Client.PostAsJsonAsync(Board, new { shop_no = 1, requests = new[] { question, question with { content = "두 번째" } } });

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var articles = (await Json(posted)).GetProperty("articles").EnumerateArray().ToList();
        Assert.All(articles, a => Assert.Equal((0, "N", 2L), (a.GetProperty("reply_depth").GetInt32(), a.GetProperty("reply_status").GetString(), a.GetProperty("board_no").GetInt64())));
        Assert.Equal(articles[0].GetProperty("article_no").GetInt64() + 1, articles[1].GetProperty("article_no").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.PostAsJsonAsync("/sandbox/api/v2/admin/boards/99/articles",
            new { shop_no = 1, requests = new[] { question } })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await server.Client.PostAsJsonAsync(Board,
            new { shop_no = 1, requests = new[] { question with { title = "" } } })).StatusCode);

        var service = server.CreateClient(await server.CreateKeyAsync("service"));
        await service.PostAsync("/api/runtime/inquiries/poll", null);
        var inquiries = await server.Services.GetRequiredService<InquiryStore>().ListAsync(Initializer.DemoOrg, null, null, 200, 0, None);
        Assert.Contains(inquiries, i => i.MarketInquiryId == $"2:{articles[1].GetProperty("article_no").GetInt64()}" && i.CustomerText == "두 번째");
    }

    private static async Task<TestServer> StartAsync(string backend, Action<IServiceCollection>? services = null)
    {
        var server = await TestServer.StartAsync(backend, new Dictionary<string, string?>
        {
            ["Steward:Inquiries:PollEnabled"] = "false", ["Steward:Inquiries:SenderEnabled"] = "false",
        }, services: services);
        await server.Services.GetRequiredService<SandboxSeeder>().SeedAsync(Initializer.DemoOrg);
        return server;
    }

    private static SandboxCommerceBackend Sandbox(TestServer server) => server.Services.GetRequiredService<SandboxBackendResolver>().ForOrg(Initializer.DemoOrg);

    /// <summary>New questions from customers on the delivery board.</summary>
    private static async Task<IReadOnlyList<BoardArticle>> OpenQuestionsAsync(SandboxCommerceBackend sandbox, int count)
    {
        var questions = new List<BoardArticle>();
        for (var i = 0; i < count; i++)
        {
            questions.Add((await sandbox.AddQuestionAsync(2, $"문의 {i}", "언제 와요?", "김고객", None))!);
        }

        return questions;
    }

    private static object Reply(long articleNo) => new
    {
        shop_no = 1, requests = new[] { new { writer = "관리자", title = "답변", content = "안내드립니다.", client_ip = "127.0.0.1", reply_article_no = articleNo } },
    };
}
