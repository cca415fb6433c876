using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Steward.Audit;
using Steward.Commerce;
using Steward.Commerce.Sandbox;
using Steward.Hosting;
using Steward.Inquiries;
using Steward.Tests.Fixtures;
using static Steward.Tests.Fixtures.HttpJson;

namespace Steward.Tests.Inquiries;

/// <summary>Ingestion and the review queue over HTTP, on the demo org's sandbox shop boards, with roles and audit.</summary>
public class InquiryEndpointTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Ingest_review_approve_and_reject_with_roles_and_audit(string backend)
    {
        await using var server = await TestServer.StartAsync(backend, services: services => services.RemoveAll<IInquiryProcessor>());
        await server.Services.GetRequiredService<SandboxSeeder>().SeedAsync(Initializer.DemoOrg);
        var sandbox = server.Services.GetRequiredService<SandboxBackendResolver>().ForOrg(Initializer.DemoOrg);
        var open = (await sandbox.ListBoardArticlesAsync(2, new ArticleQuery(Answered: false, Limit: 2), CancellationToken.None))!;
        var (first, second) = ($"2:{open[0].ArticleNo}", $"2:{open[1].ArticleNo}");
        var service = server.CreateClient(await server.CreateKeyAsync("service"));
        var agent = server.CreateClient(await server.CreateKeyAsync("agent"));
        var viewer = server.CreateClient(await server.CreateKeyAsync("viewer"));
        object Body(string id) => new { market_code = "sandbox", account_id = "demo-shop", market_inquiry_id = id, text = "배송이 언제 되나요?" };

        var created = await service.PostAsJsonAsync("/api/inquiries", Body(first));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json(created)).GetProperty("id").GetString()!;
        var again = await service.PostAsJsonAsync("/api/inquiries", Body(first));
        Assert.Equal((HttpStatusCode.OK, id), (again.StatusCode, (await Json(again)).GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await service.PostAsJsonAsync("/api/inquiries", new { market_code = "sandbox", account_id = "a" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/inquiries", Body(second))).StatusCode);
        var otherId = (await Json(await service.PostAsJsonAsync("/api/inquiries", Body(second)))).GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/inquiries")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.GetAsync("/api/inquiries")).StatusCode);
        var queue = await Json(await agent.GetAsync("/api/inquiries?status=NEW"));
        Assert.Equal([otherId, id], queue.EnumerateArray().Select(item => item.GetProperty("id").GetString()));
        Assert.Equal("NEW", (await Json(await agent.GetAsync($"/api/inquiries/{id}"))).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/inquiries/inq_nope")).StatusCode);

        // No draft yet: approving needs a text. Then the agent writes one and approves it: one reply on the sandbox board.
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostAsJsonAsync($"/api/inquiries/{id}/approve", new { })).StatusCode);
        var drafted = await agent.PutAsJsonAsync($"/api/inquiries/{id}/draft", new { text = "내일 출고됩니다." });
        Assert.Equal("내일 출고됩니다.", (await Json(drafted)).GetProperty("draft").GetString());
        var approved = await Json(await agent.PostAsJsonAsync($"/api/inquiries/{id}/approve", new { }));
        Assert.Equal(("sent", "SENT", "내일 출고됩니다."), (approved.GetProperty("outcome").GetString(),
            approved.GetProperty("inquiry").GetProperty("status").GetString(), approved.GetProperty("inquiry").GetProperty("final_text").GetString()));
        Assert.Equal(1, await sandbox.CountRepliesAsync(2, open[0].ArticleNo, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsJsonAsync($"/api/inquiries/{id}/approve", new { text = "again" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PutAsJsonAsync($"/api/inquiries/{id}/draft", new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsJsonAsync($"/api/inquiries/{id}/reject", new { reason = "late" })).StatusCode);
        Assert.Equal(1, await sandbox.CountRepliesAsync(2, open[0].ArticleNo, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostAsJsonAsync($"/api/inquiries/{otherId}/reject", new { reason = " " })).StatusCode);
        var rejected = await Json(await agent.PostAsJsonAsync($"/api/inquiries/{otherId}/reject", new { reason = "중복 문의" }));
        Assert.Equal(("REJECTED", "rejected", "중복 문의"), (rejected.GetProperty("status").GetString(), rejected.GetProperty("block_code").GetString(),
            rejected.GetProperty("block_reason").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsJsonAsync($"/api/inquiries/{otherId}/approve", new { text = "답변" })).StatusCode);
        Assert.Equal(0, await sandbox.CountRepliesAsync(2, open[1].ArticleNo, CancellationToken.None));

        var audit = await server.Services.GetRequiredService<AuditLog>().QueryAsync(Initializer.DemoOrg, "inquiry.");
        Assert.Contains(audit, e => (e.Action, e.Target, e.Outcome, e.ActorType) == ("inquiry.approve", id, "sent", "api_key"));
        Assert.Contains(audit, e => (e.Action, e.Target, e.Outcome) == ("inquiry.approve", id, "denied"));
        Assert.Contains(audit, e => (e.Action, e.Target, e.Outcome) == ("inquiry.draft", id, "success"));
        Assert.Contains(audit, e => (e.Action, e.Target, e.Outcome) == ("inquiry.reject", otherId, "success"));
        Assert.Equal(2, audit.Count(e => e.Action == "inquiry.ingest"));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_sandbox_stores_every_reply_and_its_api_returns_the_stored_one(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        await server.Services.GetRequiredService<SandboxSeeder>().SeedAsync(Initializer.DemoOrg);
        var sandbox = server.Services.GetRequiredService<SandboxBackendResolver>().ForOrg(Initializer.DemoOrg);
        var question = (await sandbox.ListBoardArticlesAsync(2, new ArticleQuery(Answered: false, Limit: 1), CancellationToken.None))!.Single();
        Assert.Equal(0, await sandbox.CountRepliesAsync(2, question.ArticleNo, CancellationToken.None));
        var body = new
        {
            shop_no = 1,
            requests = new[] { new { writer = "관리자", title = "답변", content = "내일 출고됩니다.", client_ip = "127.0.0.1", reply_article_no = question.ArticleNo } },
        };

        var numbers = new List<long>();
        foreach (var _ in new[] { 1, 2 })
        {
            var response = await server.Client.PostAsJsonAsync($"{SandboxApiEndpoints.BasePath}/boards/2/articles", body);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var reply = (await Json(response)).GetProperty("articles")[0];
            Assert.Equal((question.ArticleNo, "내일 출고됩니다.", 1), (reply.GetProperty("parent_article_no").GetInt64(),
                reply.GetProperty("content").GetString(), reply.GetProperty("reply_depth").GetInt32()));
            numbers.Add(reply.GetProperty("article_no").GetInt64());
        }

        Assert.All(numbers, number => Assert.True(number > 0));
        Assert.NotEqual(numbers[0], numbers[1]);
        Assert.Equal(2, await sandbox.CountRepliesAsync(2, question.ArticleNo, CancellationToken.None));
        Assert.Equal(SandboxReplyAttempt.NoQuestion, await sandbox.AddReplyAsync(2, 999_999, "x", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Polling_the_sandbox_boards_ingests_each_unanswered_question_once(string backend)
    {
        await using var server = await TestServer.StartAsync(backend, services: services => services.RemoveAll<IInquiryProcessor>());
        await server.Services.GetRequiredService<SandboxSeeder>().SeedAsync(Initializer.DemoOrg);
        var boards = await server.Services.GetRequiredService<SandboxBackendResolver>().ForOrg(Initializer.DemoOrg).ListBoardsAsync(CancellationToken.None);
        var service = server.CreateClient(await server.CreateKeyAsync("service"));
        Assert.Equal(HttpStatusCode.Forbidden, (await server.CreateClient(await server.CreateKeyAsync("agent")).PostAsync("/api/runtime/inquiries/poll", null)).StatusCode);

        var first = await Json(await service.PostAsync("/api/runtime/inquiries/poll", null));
        var second = await Json(await service.PostAsync("/api/runtime/inquiries/poll", null));

        var unanswered = (int)boards.Sum(board => board.Unanswered);
        Assert.Equal((unanswered, unanswered), (first.GetProperty("seen").GetInt32(), first.GetProperty("ingested").GetInt32()));
        Assert.Equal((unanswered, 0), (second.GetProperty("seen").GetInt32(), second.GetProperty("ingested").GetInt32()));
        var inquiries = await server.Services.GetRequiredService<Steward.Inquiries.InquiryStore>().ListAsync(Initializer.DemoOrg, null, null, 200, 0, CancellationToken.None);
        Assert.Equal(unanswered, inquiries.Count);
        Assert.All(inquiries, inquiry => Assert.Equal(("SANDBOX", "sandbox"), (inquiry.MarketCode, inquiry.AccountId)));
        Assert.All(inquiries, inquiry => Assert.NotNull(Steward.Inquiries.Sending.BoardArticleRef.Parse(inquiry.MarketInquiryId)));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_new_inquiry_goes_to_the_processor_once_and_the_queue_shows_its_blocking_reason(string backend)
    {
        var processor = new BlockingProcessor();
        await using var server = await TestServer.StartAsync(backend, services: services =>
        {
            services.RemoveAll<IInquiryProcessor>();
            services.AddSingleton<IInquiryProcessor>(provider => processor.With(provider.GetRequiredService<IInquiryStore>()));
        });
        var service = server.CreateClient(await server.CreateKeyAsync("service"));
        var agent = server.CreateClient(await server.CreateKeyAsync("agent"));
        var body = new { market_code = "SANDBOX", account_id = "sandbox", market_inquiry_id = "2:1", text = "영업시간 외 문의" };

        var created = await Json(await service.PostAsJsonAsync("/api/inquiries", body));
        await service.PostAsJsonAsync("/api/inquiries", body);

        Assert.Equal(1, processor.Calls);
        Assert.Equal(("AI_DRAFTED", "outside_business_hours", "17:00 is outside business hours"),
            (created.GetProperty("status").GetString(), created.GetProperty("block_code").GetString(), created.GetProperty("block_reason").GetString()));
        var queued = Assert.Single((await Json(await agent.GetAsync("/api/inquiries?status=AI_DRAFTED&block_code=outside_business_hours"))).EnumerateArray());
        Assert.Equal(("outside_business_hours", "안내 초안", "hours: blocked"),
            (queued.GetProperty("block_code").GetString(), queued.GetProperty("draft").GetString(), queued.GetProperty("gate_logs")[0].GetString()));
        Assert.Empty((await Json(await agent.GetAsync("/api/inquiries?block_code=low_confidence"))).EnumerateArray());
    }

    private sealed class BlockingProcessor : IInquiryProcessor
    {
        private IInquiryStore? _store;
        private int _calls;

        public int Calls => _calls;

        public BlockingProcessor With(IInquiryStore store)
        {
            _store = store;
            return this;
        }

        public Task<Inquiry> ProcessAsync(Inquiry inquiry, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return _store!.RecordDecisionAsync(inquiry.OrgId, inquiry.Id, new InquiryDecision(
                "hours", 0.9, "안내 초안", InquiryStatus.AiDrafted, "outside_business_hours", "17:00 is outside business hours", ["hours: blocked"], InquiryFixtures.NoContext), cancellationToken);
        }
    }
}
