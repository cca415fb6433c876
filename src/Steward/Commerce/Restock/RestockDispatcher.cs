using Microsoft.Extensions.Options;
using Steward.Observability;
using Steward.Security;

namespace Steward.Commerce.Restock;

/// <summary>What one dispatch did. Products are counted once each; notifications once per subscription.</summary>
/// <param name="RecoveredClaims">Claims left by an interrupted send that this dispatch completed or released.</param>
public sealed record RestockDispatchResult(int CheckedProducts, int Notified, int Failed, int SkippedOutOfStock, int RecoveredClaims)
{
    public static readonly RestockDispatchResult None = new(0, 0, 0, 0, 0);

    public RestockDispatchResult Add(RestockDispatchResult other) => new(
        CheckedProducts + other.CheckedProducts, Notified + other.Notified, Failed + other.Failed,
        SkippedOutOfStock + other.SkippedOutOfStock, RecoveredClaims + other.RecoveredClaims);
}

/// <summary>
/// Tells waiting customers that their product is back: for each product with waiting subscriptions, asks the org's shop
/// whether it is in stock, and if so claims, sends and completes each subscription. A subscription is claimed before it
/// is sent, so concurrent dispatchers (a timer and a manual call, several instances) never notify it twice; a failed send
/// releases the claim and a later dispatch retries it.
/// </summary>
public sealed partial class RestockDispatcher(
    RestockClaims claims,
    NotificationStore notifications,
    INotifier notifier,
    ICommerceBackendResolver shops,
    OrgStore orgs,
    IOptions<RestockOptions> options,
    StewardMetrics metrics,
    TimeProvider time,
    ILogger<RestockDispatcher> logger)
{
    /// <summary>Dispatches the org's waiting subscriptions, or only those for <paramref name="productNo"/>.</summary>
    public async Task<RestockDispatchResult> DispatchAsync(string orgId, long? productNo, CancellationToken cancellationToken)
    {
        var recovered = await RecoverStaleClaimsAsync(orgId, cancellationToken);
        var products = await claims.WaitingProductsAsync(orgId, productNo, cancellationToken);
        if (products.Count == 0)
        {
            return RestockDispatchResult.None with { RecoveredClaims = recovered };
        }

        var shop = await shops.ForOrgAsync(orgId, cancellationToken);
        var shopName = (await orgs.FindAsync(orgId, cancellationToken))?.Name ?? orgId;
        int notified = 0, failed = 0, skipped = 0;
        foreach (var number in products)
        {
            var product = await shop.GetProductAsync(number, cancellationToken);
            if (product is not { SoldOut: false })
            {
                // Still sold out, or gone from the catalogue: its customers keep waiting.
                skipped++;
                continue;
            }

            var message = $"[{shopName}] 재입고 알림: {product.Name}이(가) 다시 입고되었습니다. 지금 주문하실 수 있어요.";
            foreach (var subscription in await claims.WaitingAsync(orgId, number, cancellationToken))
            {
                switch (await NotifyAsync(orgId, subscription, message, cancellationToken))
                {
                    case SendOutcome.Sent:
                        notified++;
                        break;
                    case SendOutcome.Failed:
                        failed++;
                        break;
                }
            }
        }

        if (notified + failed > 0)
        {
            LogDispatched(logger, orgId, products.Count, notified, failed, skipped);
        }

        return new RestockDispatchResult(products.Count, notified, failed, skipped, recovered);
    }

    /// <summary>
    /// Dispatches every org that has work. One org's failure (its shop unreachable) does not hold up the others; the
    /// failures are thrown together at the end.
    /// </summary>
    public async Task<RestockDispatchResult> DispatchAllAsync(CancellationToken cancellationToken)
    {
        var total = RestockDispatchResult.None;
        var failures = new List<Exception>();
        foreach (var orgId in await claims.OrgsWithWorkAsync(cancellationToken))
        {
            try
            {
                total = total.Add(await DispatchAsync(orgId, null, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogOrgFailed(logger, ex, orgId);
                failures.Add(ex);
            }
        }

        return failures.Count == 0 ? total : throw new AggregateException($"Restock dispatch failed for {failures.Count} org(s).", failures);
    }

    private enum SendOutcome
    {
        Sent,

        /// <summary>The send failed and the claim was released.</summary>
        Failed,

        /// <summary>Another dispatcher claimed the subscription first; it sends.</summary>
        ClaimedElsewhere,
    }

    private async Task<SendOutcome> NotifyAsync(string orgId, RestockSubscription subscription, string message, CancellationToken cancellationToken)
    {
        var token = RestockClaims.NewToken();
        if (!await claims.ClaimAsync(orgId, subscription.Id, token, cancellationToken))
        {
            return SendOutcome.ClaimedElsewhere;
        }

        NotificationReceipt receipt;
        try
        {
            receipt = await notifier.SendAsync(
                orgId, new Notification(NotificationKinds.Restock, NotificationChannels.Sms, subscription.Contact, message, subscription.Id), cancellationToken);
        }
        catch (NotificationFailedException ex)
        {
            await claims.ReleaseAsync(orgId, subscription.Id, token, cancellationToken);
            metrics.RestockNotifications.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            LogSendFailed(logger, orgId, subscription.Id, PhoneNumbers.Mask(subscription.Contact), ex.Message);
            return SendOutcome.Failed;
        }

        if (!await claims.CompleteAsync(orgId, subscription.Id, token, receipt.Id, cancellationToken))
        {
            LogClaimLost(logger, orgId, subscription.Id, receipt.Id);
        }

        metrics.RestockNotifications.Add(1, new KeyValuePair<string, object?>("outcome", "sent"));
        return SendOutcome.Sent;
    }

    /// <summary>
    /// Claims older than the claim timeout belong to a send that was interrupted (the process stopped between claim and
    /// completion). If the notification was recorded, it went out: complete the claim. Otherwise release it to be sent.
    /// </summary>
    private async Task<int> RecoverStaleClaimsAsync(string orgId, CancellationToken cancellationToken)
    {
        var stale = await claims.StaleAsync(orgId, time.GetUtcNow() - options.Value.ClaimTimeout, cancellationToken);
        foreach (var claim in stale)
        {
            var sent = await notifications.FindByReferenceAsync(orgId, NotificationKinds.Restock, claim.Id, cancellationToken);
            if (sent is not null)
            {
                await claims.CompleteAsync(orgId, claim.Id, claim.NotificationId, sent, cancellationToken);
            }
            else
            {
                await claims.ReleaseAsync(orgId, claim.Id, claim.NotificationId, cancellationToken);
            }

            metrics.RestockStaleClaims.Add(1, new KeyValuePair<string, object?>("resolution", sent is null ? "released" : "completed"));
            LogStaleClaim(logger, orgId, claim.Id, sent is null ? "released" : "completed");
        }

        return stale.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restock dispatch for org {OrgId}: {Products} products checked, {Notified} notified, {Failed} failed, {Skipped} still sold out")]
    private static partial void LogDispatched(ILogger logger, string orgId, int products, int notified, int failed, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restock notification for subscription {SubscriptionId} of org {OrgId} to {Recipient} failed; it will be retried: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string orgId, string subscriptionId, string recipient, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restock subscription {SubscriptionId} of org {OrgId} was sent as {NotificationId} but its claim had been taken over")]
    private static partial void LogClaimLost(ILogger logger, string orgId, string subscriptionId, string notificationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stale restock claim on subscription {SubscriptionId} of org {OrgId} {Resolution}")]
    private static partial void LogStaleClaim(ILogger logger, string orgId, string subscriptionId, string resolution);

    [LoggerMessage(Level = LogLevel.Error, Message = "Restock dispatch for org {OrgId} failed")]
    private static partial void LogOrgFailed(ILogger logger, Exception exception, string orgId);
}
