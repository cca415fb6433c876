using Microsoft.Extensions.Options;
using Steward.Inquiries.Accounts;
using Steward.Inquiries.Ingestion;
using Steward.Inquiries.Sending;

namespace Steward.Inquiries;

public static class InquiryServiceCollectionExtensions
{
    /// <summary>The store, the board poller, the market reply clients and the sender: the core, for the web server and the command line.</summary>
    public static IServiceCollection AddStewardInquiries(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InquiryOptions>().Bind(configuration.GetSection(InquiryOptions.Section)).ValidateDataAnnotations()
            .Validate(options => options.LockExpiry > options.Cafe24.Timeout * 2, "Steward:Inquiries:LockExpiry must be well above the Cafe24 timeout.")
            .ValidateOnStart();
        services.AddHttpClient(Cafe24BoardClient.HttpClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<InquiryOptions>>().Value.Cafe24.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<InquiryStore>();
        services.AddSingleton<IInquiryProcessor, InquiryProcessor>();
        services.AddSingleton<IInquiryStore>(provider => provider.GetRequiredService<InquiryStore>());
        services.AddSingleton<MarketAccountStore>();
        services.AddSingleton<Cafe24Clients>();
        services.AddSingleton<IMarketReplyClients, MarketReplyClients>();
        services.AddSingleton<InquirySender>();
        services.AddSingleton<BoardInquiryPoller>();
        return services;
    }

    /// <summary>The board poller and the sender worker: the web server runs them, the command line does not.</summary>
    public static IServiceCollection AddStewardInquiryWorkers(this IServiceCollection services) =>
        services.AddHostedService<BoardPollWorker>().AddHostedService<SenderWorker>();
}
