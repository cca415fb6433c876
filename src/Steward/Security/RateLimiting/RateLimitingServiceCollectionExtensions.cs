using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Steward.Storage;

namespace Steward.Security.RateLimiting;

/// <summary>Names of the rate-limit policies endpoints choose from.</summary>
public static class RateLimitPolicies
{
    /// <summary>Every <c>/api</c> endpoint unless it names another.</summary>
    public const string Api = "api";

    /// <summary>Questions that may reach a model (<c>/api/ask</c>): 10/minute and 100/hour by default.</summary>
    public const string Ask = "ask";

    /// <summary>Login attempts, per client IP.</summary>
    public const string Login = "login";
}

internal static class RateLimitingServiceCollectionExtensions
{
    /// <summary>The counters behind every limit: the HTTP rate limits and the tool policies' calls per minute.</summary>
    public static IServiceCollection AddStewardRateLimitCounters(this IServiceCollection services)
    {
        services.AddSingleton<IRateLimitCounters>(provider =>
        {
            var database = provider.GetRequiredService<Database>();
            return database.Dialect == SqlDialect.Postgres ? new DatabaseRateLimitCounters(database) : new InMemoryRateLimitCounters();
        });
        services.AddHostedService<RateLimitCounterSweeper>();
        return services;
    }

    public static IServiceCollection AddStewardRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>, IRateLimitCounters, TimeProvider>((options, limits, counters, time) =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = WriteRejectionAsync;
            var budget = limits.Value;
            var minute = TimeSpan.FromMinutes(1);
            AddPolicy(options, counters, time, RateLimitPolicies.Api,
                perCaller: [new(budget.ApiPerMinute, minute)],
                perIp: [new(budget.ApiPerMinutePerIp, minute)]);
            RateLimitWindow[] ask = [new(budget.AskPerMinute, minute), new(budget.AskPerHour, TimeSpan.FromHours(1))];
            AddPolicy(options, counters, time, RateLimitPolicies.Ask, perCaller: ask, perIp: ask);
            AddPolicy(options, counters, time, RateLimitPolicies.Login, perCaller: [], perIp: [new(budget.LoginPerMinute, minute)]);
        });
        return services;
    }

    /// <summary>
    /// The partition is a value (no string building per request); the limiter created for a new partition names its
    /// counters once and is reused for every later request of that caller from that IP.
    /// </summary>
    private static void AddPolicy(
        RateLimiterOptions options, IRateLimitCounters counters, TimeProvider time, string policy, RateLimitWindow[] perCaller, RateLimitWindow[] perIp)
    {
        Func<PartitionKey, RateLimiter> create = partition =>
        {
            var ip = partition.Ip?.ToString() ?? "unknown";
            var caller = partition.ActorId is null
                ? []
                : perCaller.Select(window => new CounterLimit($"{policy}:{partition.ActorType}:{partition.ActorId}:{window.Length.TotalSeconds}", window));
            var limits = caller
                .Concat(perIp.Select(window => new CounterLimit($"{policy}:ip:{ip}:{window.Length.TotalSeconds}", window)))
                .OrderBy(limit => limit.Window.Length)
                .ToArray();
            return new CounterRateLimiter(counters, limits, time);
        };
        options.AddPolicy(policy, context =>
        {
            var caller = perCaller.Length > 0 ? context.User.TryGetCaller() : null;
            return RateLimitPartition.Get(new PartitionKey(caller?.ActorType, caller?.ActorId, context.Connection.RemoteIpAddress), create);
        });
    }

    private readonly record struct PartitionKey(string? ActorType, string? ActorId, System.Net.IPAddress? Ip);

    private static async ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"The rate limit for this endpoint was reached. Try again in {seconds} seconds.",
            },
        });
    }
}

/// <summary>Deletes rate-limit windows that have ended, once a minute.</summary>
internal sealed partial class RateLimitCounterSweeper(IRateLimitCounters counters, TimeProvider time, ILogger<RateLimitCounterSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await counters.SweepAsync(time.GetUtcNow(), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweeping expired rate-limit windows failed; will retry next minute")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
