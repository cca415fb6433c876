using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Steward.Security;

/// <summary>Authenticates <c>Authorization: Bearer stw_…</c> or <c>X-Api-Key: stw_…</c>.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    // One immutable principal per validated key, living as long as the key store's cache entry does.
    private static readonly ConditionalWeakTable<ApiKeyInfo, ClaimsPrincipal> Principals = new();
    private static readonly ConditionalWeakTable<ApiKeyInfo, ClaimsPrincipal>.CreateValueCallback CreatePrincipal =
        info => new Caller(info.OrgId, info.Role, "api_key", info.Id, info.Name).ToPrincipal(SchemeName);

    public static bool CarriesKey(HttpRequest request) =>
        request.Headers.ContainsKey("X-Api-Key") ||
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ||
        WebSocketQueryKey(request) is not null;

    /// <summary>
    /// Browsers cannot set headers on a WebSocket handshake, so a WebSocket upgrade may carry the key as
    /// <c>?access_token=</c> (as SignalR does). Only there: on plain HTTP a key in the URL would end up in access logs.
    /// </summary>
    private static string? WebSocketQueryKey(HttpRequest request) =>
        request.Headers.Upgrade.ToString().Equals("websocket", StringComparison.OrdinalIgnoreCase) &&
        request.Query["access_token"].ToString() is { Length: > 0 } key ? key : null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        var info = await keys.ValidateAsync(key, Context.RequestAborted);
        if (info is null)
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(Principals.GetValue(info, CreatePrincipal), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    private static string? ReadKey(HttpRequest request)
    {
        var header = request.Headers["X-Api-Key"].ToString();
        if (header.Length > 0)
        {
            return header.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : WebSocketQueryKey(request);
    }
}
