using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Steward.Hosting;
using Steward.Security.RateLimiting;

namespace Steward.Security;

internal static class SecurityServiceCollectionExtensions
{
    public const string CookieScheme = "Cookies";

    /// <summary>Stores and secrets that the command line needs too.</summary>
    public static IServiceCollection AddStewardSecurityCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, ProductionRules>();
        services.AddOptions<PiiMaskingOptions>().Bind(configuration.GetSection(PiiMaskingOptions.Section));
        services.AddSingleton(provider => new PiiMasker(provider.GetRequiredService<IOptions<PiiMaskingOptions>>().Value));
        services.AddSingleton<SecretKey>();
        services.AddSingleton<SecretBox>();
        services.AddSingleton<IPasswordHasher<StewardUser>, PasswordHasher<StewardUser>>();
        services.AddSingleton<OrgStore>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddStewardRateLimitCounters();
        return services;
    }

    /// <summary>Authentication, authorization, CORS, data protection and rate limits for the web server.</summary>
    public static IServiceCollection AddStewardSecurityWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDataProtection().SetApplicationName("steward");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureNamedOptions<KeyManagementOptions>(
            Options.DefaultName,
            options =>
            {
                options.XmlRepository = ActivatorUtilities.CreateInstance<DatabaseXmlRepository>(provider);
                options.XmlEncryptor = ActivatorUtilities.CreateInstance<SecretKeyXmlEncryptor>(provider);
            }));

        // The API-key scheme is the default and hands requests without a key to the cookie scheme: one handler per
        // request on the hot path instead of a policy scheme in front of both.
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, options =>
                options.ForwardDefaultSelector = context => ApiKeyAuthenticationHandler.CarriesKey(context.Request) ? null : CookieScheme)
            .AddCookie(CookieScheme, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptions<SecurityOptions>, IOptions<ServerOptions>>((options, security, server) =>
        {
            options.Cookie.Name = "steward_session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = server.Value.IsProduction ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = security.Value.SessionLifetime;
            options.SlidingExpiration = true;
            // An API answers 401/403; it never redirects to a login page.
            options.Events.OnRedirectToLogin = context => SetStatus(context.Response, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => SetStatus(context.Response, StatusCodes.Status403Forbidden);
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(Policies.RolesByPolicy[Policies.Admin]))
            .AddPolicy(Policies.Agent, policy => policy.RequireAuthenticatedUser().RequireRole(Policies.RolesByPolicy[Policies.Agent]))
            .AddPolicy(Policies.Viewer, policy => policy.RequireAuthenticatedUser().RequireRole(Policies.RolesByPolicy[Policies.Viewer]))
            .AddPolicy(Policies.Service, policy => policy.RequireAuthenticatedUser().RequireRole(Policies.RolesByPolicy[Policies.Service]));

        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<SecurityOptions>>((cors, security) =>
            cors.AddDefaultPolicy(policy =>
            {
                var origins = security.Value.AllowedOrigins.Select(origin => origin.Trim().TrimEnd('/')).Where(origin => origin.Length > 0).ToArray();
                if (origins.Contains("*"))
                {
                    policy.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod();
                }
                else
                {
                    policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().AllowCredentials();
                }
            }));

        services.AddStewardRateLimiting(configuration);
        return services;
    }

    private static Task SetStatus(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
