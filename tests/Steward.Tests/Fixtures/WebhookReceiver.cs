using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace Steward.Tests.Fixtures;

/// <summary>One request the receiver got: the exact body bytes and the headers that matter.</summary>
public sealed record ReceivedWebhook(byte[] Body, string? Signature, string? IdempotencyKey, string? ContentType);

/// <summary>
/// A webhook endpoint on a real Kestrel socket at 127.0.0.1: records every POST to <c>/hook</c> and answers with
/// <see cref="StatusCode"/> after <see cref="Delay"/>, so tests can make it fail, hang and recover.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public int StatusCode { get; set; } = StatusCodes.Status204NoContent;

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            receiver.Received.Enqueue(new ReceivedWebhook(
                body.ToArray(), context.Request.Headers["X-Steward-Signature"], context.Request.Headers["Idempotency-Key"], context.Request.ContentType));
            await Task.Delay(receiver.Delay, context.RequestAborted);
            return Results.StatusCode(receiver.StatusCode);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
