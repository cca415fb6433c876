using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Intents;

/// <summary>The built-in Korean + English model, served over HTTP.</summary>
public class IntentEndpointTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(Backends.Sqlite);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement> ClassifyAsync(string text)
    {
        var response = await _server.Client.PostAsJsonAsync("/api/intents/classify", new { text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TestServer.ReadAsync<JsonElement>(response);
    }

    [Theory]
    [InlineData("배송 언제 와요?", "배송문의")]
    [InlineData("주문 취소하고 싶어요", "취소")]
    [InlineData("사이즈 교환 되나요?", "교환")]
    [InlineData("where is my package", "배송문의")]
    [InlineData("I want a refund for this", "환불/반품")]
    public async Task The_built_in_model_understands_common_requests(string text, string intent)
    {
        var result = await ClassifyAsync(text);
        Assert.Equal(intent, result.GetProperty("intent").GetString());
        Assert.InRange(result.GetProperty("confidence").GetDouble(), 0.3, 1.0);
    }

    [Fact]
    public async Task Entities_come_back_with_kind_span_and_normalised_value()
    {
        var result = await ClassifyAsync("주문번호 20240101-0000123 배송 언제 와요? 연락처 010-1234-5678");
        var entities = result.GetProperty("entities").EnumerateArray().ToList();
        Assert.Contains(entities, e => e.GetProperty("kind").GetString() == "order_number" && e.GetProperty("value").GetString() == "20240101-0000123");
        Assert.Contains(entities, e => e.GetProperty("kind").GetString() == "phone" && e.GetProperty("value").GetString() == "01012345678");
    }

    [Fact]
    public async Task Products_of_the_orgs_shop_are_recognised()
    {
        await _server.Services.GetRequiredService<Steward.Hosting.Initializer>().SeedDemoContentAsync(Steward.Hosting.Initializer.DemoOrg);
        var shop = await _server.Services.GetRequiredService<Steward.Commerce.ICommerceBackendResolver>().ForOrgAsync(Steward.Hosting.Initializer.DemoOrg, default);
        var product = (await shop.ListProductsAsync(new Steward.Commerce.ProductQuery(Limit: 1), default)).Single();

        var result = await ClassifyAsync($"{product.Name} 재입고 언제 되나요?");
        Assert.Contains(result.GetProperty("entities").EnumerateArray(),
            e => e.GetProperty("kind").GetString() == "product" && e.GetProperty("value").GetString() == product.Name);
    }

    [Fact]
    public async Task Text_is_required_and_at_most_500_characters()
    {
        var tooLong = await _server.Client.PostAsJsonAsync("/api/intents/classify", new { text = new string('가', 501) });
        var empty = await _server.Client.PostAsJsonAsync("/api/intents/classify", new { text = " " });
        var anonymous = await _server.CreateClient().PostAsJsonAsync("/api/intents/classify", new { text = "배송" });

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Health_detailed_shows_the_loaded_model()
    {
        var health = await TestServer.ReadAsync<JsonElement>(await _server.CreateClient().GetAsync("/health/detailed"));
        var intents = health.GetProperty("checks").GetProperty("intents");
        Assert.Equal("healthy", intents.GetProperty("status").GetString());
        Assert.Equal(12, intents.GetProperty("data").GetProperty("intents").GetInt32());
    }
}
