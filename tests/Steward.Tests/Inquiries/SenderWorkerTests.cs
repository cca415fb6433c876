using System.Collections;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Steward.Hosting;
using Steward.Inquiries;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Inquiries;

/// <summary>The sender worker in the web server, and the seed's lock-expiry setting.</summary>
public class SenderWorkerTests
{
    [Fact]
    public void CS_LOCK_EXPIRY_MINUTES_sets_the_lock_expiry()
    {
        var values = SeedEnvironmentAliases.Resolve(new Hashtable { ["CS_LOCK_EXPIRY_MINUTES"] = "3" });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var options = configuration.GetSection(InquiryOptions.Section).Get<InquiryOptions>()!;

        Assert.Equal(TimeSpan.FromMinutes(3), options.LockExpiry);
        Assert.Equal(TimeSpan.FromMinutes(10), new InquiryOptions().LockExpiry);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_worker_sends_automatic_replies_once_each(string backend)
    {
        await using var market = await FakeMarket.StartAsync();
        await using var server = await TestServer.StartAsync(backend, new Dictionary<string, string?>
        {
            ["Steward:Inquiries:SenderInterval"] = "00:00:00.050",
            ["Steward:PartialAuto:Enabled"] = "true",
        });
        Assert.Equal(TimeSpan.FromMilliseconds(50), server.Services.GetRequiredService<IOptions<InquiryOptions>>().Value.SenderInterval);
        var service = server.CreateClient(await server.CreateKeyAsync("service"));
        var store = server.Services.GetRequiredService<InquiryStore>();
        await InquiryFixtures.ConnectAsync(server.Services, Initializer.DemoOrg, "mall", market, poll: false);
        var ids = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            var response = await service.PostAsJsonAsync("/api/inquiries", new { market_code = "cafe24", account_id = "mall", market_inquiry_id = $"3:{i}", text = "문의" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            await store.RecordDecisionAsync(Initializer.DemoOrg, id, new InquiryDecision(
                "shipping", 0.9, "답변", InquiryStatus.AutoSend, null, null, [], InquiryFixtures.NoContext), CancellationToken.None);
            ids.Add(id);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await store.ListAsync(Initializer.DemoOrg, InquiryStatus.Sent, null, 10, 0, CancellationToken.None)).Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        foreach (var id in ids)
        {
            Assert.Equal(InquiryStatus.Sent, (await store.GetAsync(Initializer.DemoOrg, id, CancellationToken.None))!.Status);
        }

        Assert.Equal([1, 1, 1], Enumerable.Range(1, 3).Select(i => market.Count($"3:{i}")));
    }
}
