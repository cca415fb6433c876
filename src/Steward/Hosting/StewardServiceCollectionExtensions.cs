using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Steward.Audit;
using Steward.Commerce;
using Steward.Commerce.Restock;
using Steward.Conversations;
using Steward.Guardian;
using Steward.Inquiries;
using Steward.Inquiries.Gates;
using Steward.Intents;
using Steward.Knowledge;
using Steward.Llm;
using Steward.Observability;
using Steward.Security;
using Steward.Storage;
using Steward.Tools;
using Steward.Tools.Mcp;

namespace Steward.Hosting;

public static class StewardServiceCollectionExtensions
{
    /// <summary>
    /// ASP.NET Core's own per-request lines (request starting/finished, endpoint executing) stay at Warning: Steward
    /// writes one line per request itself, with the route template instead of the raw path.
    /// </summary>
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        // The MCP SDK logs every request it handles at Information; Steward's ledger already records each tool call.
        ["Logging:LogLevel:ModelContextProtocol"] = "Warning",
    };

    /// <summary>What every command needs: configuration with the seed aliases, options, storage, stores, audit.</summary>
    public static IHostApplicationBuilder AddStewardCore(this IHostApplicationBuilder builder)
    {
        // Lowest precedence: every other source overrides these.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        builder.Configuration.AddSeedEnvironmentAliases();
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .PostConfigure(storage => storage.ConnectionString ??= configuration.GetConnectionString("Steward"))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Database>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<Initializer>();
        services.AddStewardKnowledge();
        services.AddStewardCommerce();
        services.AddStewardTools();
        services.AddStewardIntents(configuration);
        services.AddStewardConversations(configuration);
        services.AddStewardPartialAuto(configuration);
        services.AddStewardGuardian(configuration);
        services.AddStewardMcp(configuration);
        services.AddStewardRestock(configuration);
        services.AddStewardInquiries(configuration);
        services.AddStewardSecurityCore(configuration);
        services.AddStewardLlm(configuration);
        services.AddMetrics();
        services.AddSingleton<StewardMetrics>();
        return builder;
    }

    /// <summary>The web server on top of the core: logging, errors, security, health, metrics.</summary>
    public static WebApplicationBuilder AddStewardWeb(this WebApplicationBuilder builder)
    {
        builder.AddStewardCore();
        var services = builder.Services;
        BufferedConsoleLoggerProvider.AddTo(builder.Logging, toStandardError: false);

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["request_id"] = context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower));
        });

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<SecurityOptions>>((kestrel, security) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = security.Value.MaxRequestBodyBytes;
        });
        services.Configure<FormOptions>(options => options.MultipartBodyLengthLimit = 1024 * 1024);

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ServerOptions>>((forwarded, server) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in server.Value.TrustedProxies.Where(proxy => !string.IsNullOrWhiteSpace(proxy)))
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy.Contains('/') ? proxy : $"{proxy}/{(proxy.Contains(':') ? 128 : 32)}"));
            }
        });
        services.AddStewardSecurityWeb(builder.Configuration);

        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton<ProcessMetrics>();
        services.AddSingleton<RecentRequests>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready, HealthTags.Summary, HealthTags.Detailed])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [HealthTags.Ready, HealthTags.Summary, HealthTags.Detailed])
            .AddCheck<DiskSpaceHealthCheck>("disk_space", tags: [HealthTags.Summary, HealthTags.Detailed])
            .AddCheck<RecentRequestsHealthCheck>("recent_requests", tags: [HealthTags.Detailed])
            .AddCheck<LlmHealthCheck>("llm", tags: [HealthTags.Detailed]);

        services.AddStewardMcpWeb();
        services.AddStewardRestockWorker();
        services.AddStewardInquiryWorkers();
        services.AddStewardConversationsWeb();
        services.AddHostedService<StartupTasks>();
        return builder;
    }
}
