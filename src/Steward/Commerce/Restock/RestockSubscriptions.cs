using System.Security.Cryptography;
using Dapper;
using Steward.Storage;

namespace Steward.Commerce.Restock;

public sealed record RestockSubscription(
    string Id, long ProductNo, string Contact, DateTimeOffset CreatedAt, string? SessionId, DateTimeOffset? NotifiedAt, string? NotificationId);

/// <summary>
/// Who wants to hear when a product is back in stock. One waiting subscription per contact and product (a unique index),
/// so asking twice is the same subscription.
/// </summary>
public sealed class RestockSubscriptions(Database database, TimeProvider time)
{
    /// <summary>The waiting subscription for this contact and product, and whether this call created it.</summary>
    public async Task<(RestockSubscription Subscription, bool Created)> SubscribeAsync(
        string orgId, long productNo, string contact, string? sessionId, CancellationToken cancellationToken)
    {
        var id = "rs_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        await using var connection = await database.OpenAsync(cancellationToken);
        var created = await connection.ExecuteAsync(
            """
            INSERT INTO restock_subscriptions (org_id, id, product_no, contact, created_at, session_id)
            VALUES (@orgId, @id, @productNo, @contact, @now, @sessionId)
            ON CONFLICT DO NOTHING
            """,
            new { orgId, id, productNo, contact, now = time.GetUtcNow(), sessionId }) == 1;
        var subscription = await connection.QuerySingleAsync<RestockSubscription>(
            $"{Select} WHERE org_id = @orgId AND product_no = @productNo AND contact = @contact AND notified_at IS NULL",
            new { orgId, productNo, contact });
        return (subscription, created);
    }

    public async Task<IReadOnlyList<RestockSubscription>> ListAsync(string orgId, bool waitingOnly, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RestockSubscription>(
            $"{Select} WHERE org_id = @orgId AND (@waitingOnly = 0 OR notified_at IS NULL) ORDER BY created_at DESC, id LIMIT @limit",
            new { orgId, waitingOnly = waitingOnly ? 1 : 0, limit = Math.Clamp(limit, 1, 1000) });
        return rows.ToList();
    }

    internal const string Select =
        "SELECT id, product_no, contact, created_at, session_id, notified_at, notification_id FROM restock_subscriptions";
}
