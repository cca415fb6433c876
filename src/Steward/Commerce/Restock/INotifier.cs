namespace Steward.Commerce.Restock;

/// <summary>
/// A message to one person: what it is about (<paramref name="Kind"/>, and the <paramref name="Reference"/> it was sent
/// for, e.g. a restock subscription's id), how it travels (<paramref name="Channel"/>), to whom, and what it says.
/// </summary>
public sealed record Notification(string Kind, string Channel, string Recipient, string Message, string? Reference);

/// <summary>The id of the sent notification's row in <c>notifications</c>.</summary>
public sealed record NotificationReceipt(string Id);

public static class NotificationKinds
{
    public const string Restock = "restock";
}

public static class NotificationChannels
{
    public const string Sms = "sms";
}

/// <summary>
/// Sends notifications to customers. The sandbox notifier only records them; the webhook notifier hands them to the
/// shop's own sender (an SMS gateway, a messaging service). Either way the sent notification is in <c>notifications</c>.
/// </summary>
public interface INotifier
{
    /// <summary>Sends and records the notification; throws <see cref="NotificationFailedException"/> when it was not delivered.</summary>
    Task<NotificationReceipt> SendAsync(string orgId, Notification notification, CancellationToken cancellationToken);
}

/// <summary>The notification did not reach its sender (refused, timed out, unreachable); sending it again later may work.</summary>
public sealed class NotificationFailedException(string message, Exception? innerException = null) : Exception(message, innerException);
