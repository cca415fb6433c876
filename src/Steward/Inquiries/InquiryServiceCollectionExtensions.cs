using Microsoft.Extensions.Options;
using Steward.Inquiries.Sending;

namespace Steward.Inquiries;

public static class InquiryServiceCollectionExtensions
{
    /// <summary>The store, the market reply clients and the sender: the core, for the web server and the command line.</summary>
    public static IServiceCollection AddStewardInquiries(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InquiryOptions>().Bind(configuration.GetSection(InquiryOptions.Section)).ValidateDataAnnotations()
            .Validate(options => options.LockExpiry > options.Cafe24.Timeout * 2, "Steward:Inquiries:LockExpiry must be well above the Cafe24 timeout.")
            .ValidateOnStart();
        services.AddHttpClient(Cafe24ReplyClient.HttpClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<InquiryOptions>>().Value.Cafe24.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<InquiryStore>();
        services.AddSingleton<IInquiryStore>(provider => provider.GetRequiredService<InquiryStore>());
        services.AddSingleton<IMarketReplyClients, MarketReplyClients>();
        services.AddSingleton<InquirySender>();
        return services;
    }

    /// <summary>The sender worker: the web server runs it, the command line does not.</summary>
    public static IServiceCollection AddStewardInquirySender(this IServiceCollection services) => services.AddHostedService<SenderWorker>();
}
