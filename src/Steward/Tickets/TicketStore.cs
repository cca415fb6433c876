using System.Security.Cryptography;
using Dapper;
using Steward.Storage;

namespace Steward.Tickets;

public enum TicketCategory
{
    Refund,
    Return,
    Exchange,
    Delivery,
    Product,
    Account,
    General,
}

public sealed record NewTicket(
    TicketCategory Category, string Subject, string Body, string? CustomerName, string? CustomerPhone, string? OrderId, string? SessionId,
    string? CreatedBy);

public sealed record Ticket(
    string Id, DateTimeOffset CreatedAt, string Status, string Category, string Subject, string Body, string? CustomerName,
    string? CustomerPhone, string? OrderId, string? SessionId, string? CreatedBy);

/// <summary>Support tickets: a case a person must pick up (refunds, complaints, anything a tool cannot do).</summary>
public sealed class TicketStore(Database database, TimeProvider time)
{
    public async Task<Ticket> CreateAsync(string orgId, NewTicket ticket, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = $"TK-{TimeZoneInfo.ConvertTime(now, Commerce.Sandbox.SandboxSeeder.Seoul):yyyyMMdd}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3))}";
        var category = Storage.Names.SnakeCase(ticket.Category);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO tickets (org_id, id, created_at, status, category, subject, body, customer_name, customer_phone, order_id, session_id, created_by)
            VALUES (@orgId, @id, @now, 'open', @category, @Subject, @Body, @CustomerName, @CustomerPhone, @OrderId, @SessionId, @CreatedBy)
            """,
            new { orgId, id, now, category, ticket.Subject, ticket.Body, ticket.CustomerName, ticket.CustomerPhone, ticket.OrderId, ticket.SessionId, ticket.CreatedBy });
        return new Ticket(id, now, "open", category, ticket.Subject, ticket.Body, ticket.CustomerName, ticket.CustomerPhone, ticket.OrderId,
            ticket.SessionId, ticket.CreatedBy);
    }

    /// <summary>Newest first; <paramref name="status"/> filters when set.</summary>
    public async Task<IReadOnlyList<Ticket>> ListAsync(string orgId, string? status, int limit, int offset, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Ticket>(
            """
            SELECT id, created_at, status, category, subject, body, customer_name, customer_phone, order_id, session_id, created_by
            FROM tickets WHERE org_id = @orgId AND (@status IS NULL OR status = @status)
            ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset
            """,
            new { orgId, status, limit = Math.Clamp(limit, 1, 500), offset = Math.Max(0, offset) });
        return rows.ToList();
    }
}
