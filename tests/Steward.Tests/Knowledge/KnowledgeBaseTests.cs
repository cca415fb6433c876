using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Steward.Audit;
using Steward.Knowledge;
using Steward.Storage;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Knowledge;

public class KnowledgeBaseTests
{
    private const string Shipping = """
        # 배송 안내

        ## 배송 기간
        결제 후 1~3 영업일 안에 도착합니다. 제주와 도서산간은 2~3일 더 걸립니다.

        ## 배송비
        기본 배송비는 3,000원이며 50,000원 이상 구매하면 무료입니다.
        """;

    private const string Returns = """
        # 반품·교환

        ## 반품 기간
        상품을 받은 날부터 7일 안에 반품을 신청할 수 있습니다.
        """;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Imported_documents_are_searchable_versioned_and_deletable(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        using var host = await Fixtures.Services.BuildWithOrgAsync(storage);
        var store = host.Services.GetRequiredService<KnowledgeStore>();
        var knowledge = host.Services.GetRequiredService<KnowledgeBase>();

        var shipping = await store.ImportAsync("shop", "shipping.md", Shipping, null, AuditActor.System);
        await store.ImportAsync("shop", "returns.md", Returns, null, AuditActor.System);
        Assert.True(shipping.Changed);
        Assert.Equal(1, shipping.Document.Version);
        Assert.Equal("배송 안내", shipping.Document.Title);

        var hits = await knowledge.SearchAsync("shop", "배송비 얼마예요?");
        Assert.Equal(shipping.Document.Id, hits[0].DocumentId);
        Assert.Contains("3,000원", hits[0].Snippet);
        Assert.Contains("배송비", hits[0].Heading);
        Assert.Equal("returns.md", (await store.ListAsync("shop")).Single(d => d.Title == "반품·교환").Source);
        Assert.NotEmpty(await knowledge.SearchAsync("shop", "반품 신청 기간"));

        var again = await store.ImportAsync("shop", "shipping.md", Shipping, null, AuditActor.System);
        Assert.False(again.Changed);
        Assert.Equal(1, again.Document.Version);

        var changed = await store.ImportAsync("shop", "shipping.md", Shipping.Replace("3,000원", "3,500원", StringComparison.Ordinal), null, AuditActor.System);
        Assert.Equal(2, changed.Document.Version);
        Assert.Equal(shipping.Document.Id, changed.Document.Id);
        Assert.Contains("3,500원", (await knowledge.SearchAsync("shop", "배송비"))[0].Snippet);

        Assert.True(await store.DeleteAsync("shop", shipping.Document.Id, AuditActor.System));
        Assert.False(await store.DeleteAsync("shop", shipping.Document.Id, AuditActor.System));
        Assert.DoesNotContain(await knowledge.SearchAsync("shop", "배송비"), hit => hit.DocumentId == shipping.Document.Id);
        Assert.Single(await store.ListAsync("shop"));

        var audit = await host.Services.GetRequiredService<AuditLog>().QueryAsync("shop", "kb.");
        Assert.Contains(audit, e => e.Action == "kb.document.deleted");
    }

    [Theory]
    [MemberData(nameof(Backends.PostgresOnly), MemberType = typeof(Backends))]
    public async Task An_import_through_one_instance_is_found_through_another(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        using var first = await Fixtures.Services.BuildWithOrgAsync(storage);
        using var second = Fixtures.Services.Build(storage);
        var secondSearch = second.Services.GetRequiredService<KnowledgeBase>();
        Assert.Empty(await secondSearch.SearchAsync("shop", "배송비"));

        await first.Services.GetRequiredService<KnowledgeStore>().ImportAsync("shop", "shipping.md", Shipping, null, AuditActor.System);

        Assert.NotEmpty(await secondSearch.SearchAsync("shop", "배송비"));
    }

    [Fact]
    public async Task One_orgs_documents_never_appear_in_another_orgs_search_or_list()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        using var other = server.CreateClient(await server.CreateOrgAsync("other-shop"));
        var import = await server.Client.PostAsJsonAsync("/api/kb/documents", new { source = "shipping.md", content = Shipping });
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var id = (await TestServer.ReadAsync<JsonElement>(import)).GetProperty("document").GetProperty("id").GetString();

        Assert.NotEqual("[]", await server.Client.GetStringAsync("/api/kb/search?q=배송비"));
        Assert.Equal("[]", await other.GetStringAsync("/api/kb/search?q=배송비"));
        Assert.Equal("[]", await other.GetStringAsync("/api/kb/documents"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/kb/documents/{id}")).StatusCode);
    }

    [Fact]
    public async Task Http_validates_input_and_only_admins_import()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        using var viewer = server.CreateClient(await server.CreateKeyAsync("viewer"));

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/kb/documents", new { source = "a.md", content = "# A" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.PostAsJsonAsync("/api/kb/documents", new { source = "", content = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.PostAsJsonAsync("/api/kb/documents", new { source = "faq.csv", content = "question,answer\n,빈 질문\n" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/api/kb/search?q=")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/kb/search?q=anything")).StatusCode);
        await using var connection = await server.Services.GetRequiredService<Database>().OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM kb_documents"));
    }
}

public class KnowledgeConcurrencyTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Concurrent_imports_of_one_source_leave_one_document_and_consistent_versions(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        using var host = await Fixtures.Services.BuildWithOrgAsync(storage);
        var store = host.Services.GetRequiredService<KnowledgeStore>();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            store.ImportAsync("shop", "policy.md", $"# 정책\n\n## 항목 {i % 2}\n내용 {i % 2}입니다.", null, AuditActor.System))));

        var documents = await store.ListAsync("shop");
        Assert.Single(documents);
        Assert.Equal(results.Count(r => r.Changed), documents[0].Version);
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM kb_chunks"));
    }
}
