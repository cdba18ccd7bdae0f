namespace KafkaNet.Broker.Shares;

public sealed partial class SharePartition
{
    /// <summary>
    /// Returns every record whose lock ran out by <paramref name="nowMs"/> for redelivery (or archives it at the
    /// delivery limit). Acquire and Acknowledge do this first themselves.
    /// </summary>
    /// <returns>How many records lost their lock.</returns>
    public int ExpireLocks(long nowMs)
    {
        var archives = new ArchiveLog();
        var expired = ExpireLocks(nowMs, archives);
        Complete(archives);
        return expired;
    }

    /// <summary>Gives back every record <paramref name="memberId"/> holds: the member left or was fenced.</summary>
    /// <returns>How many records were released.</returns>
    public int ReleaseMember(string memberId)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        var archives = new ArchiveLog();
        var released = 0;
        for (var offset = StartOffset; offset < EndOffset; offset++)
        {
            ref var record = ref _window.At(offset);
            if (record.State != RecordDeliveryState.Acquired || record.Owner != memberId) continue;
            ReturnForRedelivery(offset, ref record, archives);
            released++;
        }
        Complete(archives);
        return released;
    }

    private int ExpireLocks(long nowMs, ArchiveLog archives)
    {
        var expired = 0;
        for (var offset = StartOffset; offset < EndOffset; offset++)
        {
            ref var record = ref _window.At(offset);
            if (record.State != RecordDeliveryState.Acquired || record.LockExpiryMs > nowMs) continue;
            ReturnForRedelivery(offset, ref record, archives);
            expired++;
        }
        return expired;
    }
}
