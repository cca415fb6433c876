using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Steward.Hosting;
using Steward.Inquiries;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Inquiries;

/// <summary>Core services pointed at a fake market for CAFE24, with a frozen clock, and inquiries ready to send.</summary>
internal static class InquiryFixtures
{
    public const string Org = "shop";

    public static readonly JsonElement NoContext = JsonDocument.Parse("{}").RootElement.Clone();

    public static async Task<IHost> HostAsync(
        TestStorage storage, FakeMarket market, FrozenClock clock, bool init = true, string timeout = "00:00:05", Action<IServiceCollection>? configure = null)
    {
        var host = Services.Build(
            storage,
            new Dictionary<string, string?>
            {
                ["Steward:Inquiries:Cafe24:Timeout"] = timeout,
                ["Steward:Inquiries:SenderBatchSize"] = "5",
                ["Steward:PartialAuto:Enabled"] = "true", // the sender re-checks it before every automatic reply
            },
            services =>
            {
                FrozenClock.Install(services, clock);
                configure?.Invoke(services);
            });
        if (init)
        {
            await host.Services.GetRequiredService<Initializer>().InitAsync(Org, Org, demo: false);
            await ConnectAsync(host.Services, Org, "mall-1", market, poll: false);
        }

        return host;
    }

    /// <summary>Ingests <paramref name="count"/> CAFE24 inquiries on board 1 (market ids "1:1", "1:2", …) decided AUTO_SEND.</summary>
    /// <summary>Connects the fake market as the org's Cafe24 account <paramref name="account"/> (board 1).</summary>
    public static Task ConnectAsync(IServiceProvider services, string org, string account, FakeMarket market, bool poll) =>
        services.GetRequiredService<Steward.Inquiries.Accounts.MarketAccountStore>().AddAsync(
            org, "CAFE24", account, new Uri(market.BaseUrl), FakeMarket.Token, [1], null, poll, Steward.Audit.AuditActor.Cli, CancellationToken.None);

    public static async Task<IReadOnlyList<Inquiry>> AutoSendAsync(IHost host, int count, int first = 1)
    {
        var store = host.Services.GetRequiredService<InquiryStore>();
        var inquiries = new List<Inquiry>();
        for (var i = first; i < first + count; i++)
        {
            var (inquiry, _) = await store.IngestAsync(Org, new NewInquiry("CAFE24", "mall-1", $"1:{i}", "배송 언제 되나요?"), CancellationToken.None);
            inquiries.Add(await store.RecordDecisionAsync(
                Org, inquiry.Id, new InquiryDecision("shipping", 0.95, "내일 출고됩니다.", InquiryStatus.AutoSend, null, null, ["pass"], NoContext), CancellationToken.None));
        }

        return inquiries;
    }
}

/// <summary>A guardian that records the send outcomes it is told about.</summary>
internal sealed class RecordingGuardian : Steward.Guardian.IGuardian
{
    public System.Collections.Concurrent.ConcurrentQueue<Steward.Guardian.SendOutcome> Outcomes { get; } = new();

    public Task<Steward.Guardian.GuardianSnapshot> SnapshotAsync(string orgId, CancellationToken cancellationToken) =>
        Task.FromResult(Steward.Guardian.GuardianSnapshot.Clear);

    public Task EscalationSeenAsync(string orgId, string inquiryId, string keyword, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SendFinishedAsync(Steward.Guardian.SendOutcome outcome, CancellationToken cancellationToken)
    {
        Outcomes.Enqueue(outcome);
        return Task.CompletedTask;
    }
}
