using Microsoft.Extensions.Options;
using Steward.Audit;
using Steward.Conversations;
using Steward.Guardian;
using Steward.Inquiries.Accounts;
using Steward.Inquiries.Gates;
using Steward.Commerce.Restock;
using Steward.Commerce.Sandbox;
using Steward.Inquiries;
using Steward.Intents;
using Steward.Knowledge;
using Steward.Llm;
using Steward.Observability;
using Steward.Security;
using Steward.Security.RateLimiting;
using Steward.Tickets;
using Steward.Tools;
using Steward.Tools.Mcp;

namespace Steward.Hosting;

public static class StewardEndpoints
{
    /// <summary>The middleware pipeline, in the order that matters, then every endpoint group.</summary>
    public static WebApplication UseSteward(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseMiddleware<RequestTelemetryMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapSteward();
        return app;
    }

    public static IEndpointRouteBuilder MapSteward(this IEndpointRouteBuilder app)
    {
        app.MapHealthEndpoints();
        app.MapMetricsEndpoints();
        var api = app.MapGroup("").RequireRateLimiting(RateLimitPolicies.Api);
        api.MapAuthEndpoints();
        api.MapKeyEndpoints();
        api.MapAuditEndpoints();
        api.MapIntentEndpoints();
        api.MapKnowledgeEndpoints();
        api.MapLlmEndpoints();
        api.MapToolEndpoints();
        api.MapConversationEndpoints();
        api.MapPartialAutoEndpoints();
        api.MapGuardianEndpoints();
        api.MapChatWebSocket();
        api.MapApprovalEndpoints();
        api.MapTicketEndpoints();
        api.MapRestockEndpoints();
        api.MapInquiryEndpoints();
        api.MapMarketAccountEndpoints();
        api.MapNotificationEndpoints();
        api.MapSandboxApiEndpoints();
        api.MapSandboxFaultEndpoints();
        api.MapMcpServerEndpoints();
        api.MapMcpEndpoints();
        api.MapSessionEndpoints();
        api.MapFeedbackEndpoints();
        return app;
    }
}
