using System.ComponentModel;
using Steward.Tickets;
using Steward.Tools;

namespace Steward.Commerce.Tools;

/// <summary>Handing a case to a person.</summary>
public static class TicketTools
{
    [Tool("create_ticket", ToolAccess.Write)]
    [Description("Opens a support ticket for a staff member to handle: refunds, returns, exchanges, complaints, or anything the tools cannot do. " +
                 "Returns the ticket number to give the customer.")]
    public static async Task<ToolResult> CreateTicket(
        ToolContext context,
        [Description("One line saying what the customer needs.")] string subject,
        [Description("The details: what happened and what the customer asked for.")] string body,
        [Description("refund, return, exchange, delivery, product, account or general.")] TicketCategory category = TicketCategory.General,
        [Description("The order number this is about, if any.")] string? order_id = null,
        [Description("The customer's name, if given.")] string? customer_name = null,
        [Description("The customer's phone number for a call back, if given.")] string? customer_phone = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(subject) || subject.Trim().Length > 200 || string.IsNullOrWhiteSpace(body) || body.Length > 5000)
        {
            return ToolResult.Failure(ToolErrorCodes.InvalidArguments, "문의 제목(200자 이내)과 내용(5,000자 이내)이 필요합니다.");
        }

        string? orderId = null;
        if (order_id is not null && (orderId = ShopTools.OrderId(order_id)) is null)
        {
            return ShopTools.BadOrderId(order_id);
        }

        string? phone = null;
        if (customer_phone is not null && (phone = PhoneNumbers.Normalize(customer_phone)) is null)
        {
            return ShopTools.BadPhone(customer_phone);
        }

        var tickets = context.Services.GetRequiredService<TicketStore>();
        var ticket = await tickets.CreateAsync(context.OrgId, new NewTicket(category, subject.Trim(), body.Trim(), customer_name?.Trim(), phone, orderId,
            context.SessionId, $"{context.Caller.Type}:{context.Caller.Id}"), cancellationToken);
        return ToolResult.Success(new { ticket_id = ticket.Id, status = ticket.Status, category = ticket.Category });
    }
}
