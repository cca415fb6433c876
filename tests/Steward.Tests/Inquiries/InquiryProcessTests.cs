using System.Globalization;
using System.Net;
using Steward.Inquiries;
using Steward.Tests.Cli;
using Steward.Tests.Fixtures;
using static Steward.Tests.Inquiries.InquiryFixtures;

namespace Steward.Tests.Inquiries;

/// <summary>Two real <c>steward serve</c> processes whose sender workers share one database and one fake market.</summary>
public class InquiryProcessTests
{
    [Theory]
    [MemberData(nameof(Backends.PostgresOnly), MemberType = typeof(Backends))]
    public async Task Two_serve_processes_send_each_automatic_reply_exactly_once(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        await using var market = await FakeMarket.StartAsync();
        using var setup = await HostAsync(storage, market, FrozenClock.MidWindow());
        var store = setup.Services.GetRequiredService<InquiryStore>();

        var ports = new[] { CliTests.FreePort(), CliTests.FreePort() };
        var processes = ports.Select(port => Fixtures.Cli.Start(
            new Dictionary<string, string>(storage.Environment())
            {
                ["PORT"] = port.ToString(CultureInfo.InvariantCulture),
                ["STEWARD__INQUIRIES__SENDERINTERVAL"] = "00:00:00.020",
                ["STEWARD__INQUIRIES__SENDERBATCHSIZE"] = "3",
                ["STEWARD__PARTIALAUTO__ENABLED"] = "true",
            },
            "serve").Process).ToList();
        try
        {
            foreach (var port in ports)
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                Assert.Equal(HttpStatusCode.OK, await ReadyAsync(client));
            }

            // Made due while both workers are polling every 20 ms, so the two processes race for each one.
            var inquiries = await AutoSendAsync(setup, 60);

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (await store.CountSentAsync(Org, "mall-1", DateTimeOffset.UnixEpoch, CancellationToken.None) < inquiries.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Equal(inquiries.Count, await store.CountSentAsync(Org, "mall-1", DateTimeOffset.UnixEpoch, CancellationToken.None));
            Assert.All(inquiries, inquiry => Assert.Equal(1, market.Count(inquiry.MarketInquiryId)));
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
            }
        }
    }

    private static async Task<HttpStatusCode> ReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                var status = (await client.GetAsync("/readiness")).StatusCode;
                if (status == HttpStatusCode.OK || DateTime.UtcNow > deadline)
                {
                    return status;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(100);
        }
    }
}
