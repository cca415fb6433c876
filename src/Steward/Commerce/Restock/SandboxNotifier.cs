namespace Steward.Commerce.Restock;

/// <summary>The default notifier: the sandbox "sends" a notification by recording it, so a demo can show what went out.</summary>
internal sealed class SandboxNotifier(NotificationStore store) : INotifier
{
    public async Task<NotificationReceipt> SendAsync(string orgId, Notification notification, CancellationToken cancellationToken)
    {
        var id = NotificationStore.NewId();
        await store.RecordAsync(orgId, id, notification, cancellationToken);
        return new NotificationReceipt(id);
    }
}
