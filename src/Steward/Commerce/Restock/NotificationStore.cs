using System.Security.Cryptography;
using Dapper;
using Steward.Storage;

namespace Steward.Commerce.Restock;

public sealed record SentNotification(
    string Id, DateTimeOffset CreatedAt, string Kind, string Channel, string Recipient, string Message, string? Reference);

/// <summary>The notifications sent to customers (<c>notifications</c>), whichever notifier sent them.</summary>
public sealed class NotificationStore(Database database, TimeProvider time)
{
    public const int MaxPageSize = 500;

    public static string NewId() => "nt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public async Task RecordAsync(string orgId, string id, Notification notification, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO notifications (org_id, id, created_at, kind, channel, recipient, message, reference)
            VALUES (@orgId, @id, @now, @Kind, @Channel, @Recipient, @Message, @Reference)
            """,
            new { orgId, id, now = time.GetUtcNow(), notification.Kind, notification.Channel, notification.Recipient, notification.Message, notification.Reference });
    }

    /// <summary>The first notification of this kind sent for <paramref name="reference"/>, or null when none was.</summary>
    public async Task<string?> FindByReferenceAsync(string orgId, string kind, string reference, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<string>(
            "SELECT id FROM notifications WHERE org_id = @orgId AND kind = @kind AND reference = @reference ORDER BY created_at, id",
            new { orgId, kind, reference });
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<SentNotification>> ListAsync(string orgId, int limit, int offset, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SentNotification>(
            """
            SELECT id, created_at, kind, channel, recipient, message, reference FROM notifications
            WHERE org_id = @orgId ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset
            """,
            new { orgId, limit = Math.Clamp(limit, 1, MaxPageSize), offset = Math.Max(0, offset) });
        return rows.ToList();
    }
}
