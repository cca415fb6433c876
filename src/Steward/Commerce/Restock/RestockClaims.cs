using System.Security.Cryptography;
using Dapper;
using Steward.Storage;

namespace Steward.Commerce.Restock;

/// <summary>A claim whose send never completed: the subscription and the token it was claimed with.</summary>
public sealed record StaleClaim(string Id, string NotificationId);

/// <summary>
/// The dispatcher's view of <c>restock_subscriptions</c>: what is waiting, and the claim that makes one sender (of any
/// number of concurrent dispatchers, on any instance) the only one to notify a subscription. A claim sets
/// <c>notified_at</c> and a <c>pending:</c> token in <c>notification_id</c>; completing it replaces the token with the
/// notification's id, releasing it makes the subscription wait again.
/// </summary>
public sealed class RestockClaims(Database database, TimeProvider time)
{
    private const string PendingPrefix = "pending:";

    public static string NewToken() => PendingPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Orgs with a waiting subscription or a claim in flight (which may be stale).</summary>
    public async Task<IReadOnlyList<string>> OrgsWithWorkAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(
            "SELECT DISTINCT org_id FROM restock_subscriptions WHERE notified_at IS NULL OR notification_id LIKE @pending ORDER BY org_id",
            new { pending = PendingPrefix + "%" });
        return rows.ToList();
    }

    /// <summary>The products that have waiting subscriptions: all of them, or only <paramref name="productNo"/>.</summary>
    public async Task<IReadOnlyList<long>> WaitingProductsAsync(string orgId, long? productNo, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<long>(
            """
            SELECT DISTINCT product_no FROM restock_subscriptions
            WHERE org_id = @orgId AND notified_at IS NULL AND (@productNo IS NULL OR product_no = @productNo) ORDER BY product_no
            """,
            new { orgId, productNo });
        return rows.ToList();
    }

    /// <summary>The product's waiting subscriptions, oldest first: who asked first hears first.</summary>
    public async Task<IReadOnlyList<RestockSubscription>> WaitingAsync(string orgId, long productNo, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RestockSubscription>(
            $"{RestockSubscriptions.Select} WHERE org_id = @orgId AND product_no = @productNo AND notified_at IS NULL ORDER BY created_at, id",
            new { orgId, productNo });
        return rows.ToList();
    }

    /// <summary>True for exactly one caller per waiting subscription: the one whose UPDATE found it still waiting.</summary>
    public async Task<bool> ClaimAsync(string orgId, string id, string token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            """
            UPDATE restock_subscriptions SET notified_at = @now, notification_id = @token
            WHERE org_id = @orgId AND id = @id AND notified_at IS NULL
            """,
            new { orgId, id, token, now = time.GetUtcNow() }) == 1;
    }

    /// <summary>Records the sent notification on the subscription; false when the claim is no longer <paramref name="token"/>.</summary>
    public async Task<bool> CompleteAsync(string orgId, string id, string token, string notificationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE restock_subscriptions SET notification_id = @notificationId WHERE org_id = @orgId AND id = @id AND notification_id = @token",
            new { orgId, id, token, notificationId }) == 1;
    }

    /// <summary>
    /// Makes the subscription wait again so a later dispatch retries it. If the customer subscribed again meanwhile (possible
    /// once this one stopped waiting), that newer subscription is the one left waiting and this one is removed: one waiting
    /// subscription per contact and product.
    /// </summary>
    public async Task ReleaseAsync(string orgId, string id, string token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var parameters = new { orgId, id, token };
        var released = await connection.ExecuteAsync(
            """
            UPDATE restock_subscriptions SET notified_at = NULL, notification_id = NULL
            WHERE org_id = @orgId AND id = @id AND notification_id = @token
              AND NOT EXISTS (
                  SELECT 1 FROM restock_subscriptions waiting
                  WHERE waiting.org_id = restock_subscriptions.org_id AND waiting.product_no = restock_subscriptions.product_no
                    AND waiting.contact = restock_subscriptions.contact AND waiting.notified_at IS NULL)
            """,
            parameters, transaction);
        if (released == 0)
        {
            await connection.ExecuteAsync(
                "DELETE FROM restock_subscriptions WHERE org_id = @orgId AND id = @id AND notification_id = @token", parameters, transaction);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Claims taken before <paramref name="claimedBefore"/> that were never completed or released.</summary>
    public async Task<IReadOnlyList<StaleClaim>> StaleAsync(string orgId, DateTimeOffset claimedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StaleClaim>(
            """
            SELECT id, notification_id FROM restock_subscriptions
            WHERE org_id = @orgId AND notification_id LIKE @pending AND notified_at < @claimedBefore ORDER BY notified_at, id
            """,
            new { orgId, pending = PendingPrefix + "%", claimedBefore });
        return rows.ToList();
    }
}
