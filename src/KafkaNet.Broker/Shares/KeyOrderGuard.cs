namespace KafkaNet.Broker.Shares;

/// <summary>
/// Decides, during one acquisition in key-ordered mode, which keys the acquiring member may not take:
/// keys another member holds anywhere in the window, and keys with an earlier record that is still
/// acquired (by anyone) or waiting for redelivery. Records taken together in this one acquisition do not
/// hold each other back. Records without a key are never held back.
/// </summary>
internal sealed class KeyOrderGuard
{
    private readonly HashSet<byte[]> _blocked = new(RecordKeyComparer.Instance);

    /// <summary>Looks at the window before the walk that starts at <paramref name="walkStart"/>.</summary>
    public KeyOrderGuard(InFlightWindow window, string memberId, long walkStart)
    {
        for (var offset = window.StartOffset; offset < window.EndOffset; offset++)
        {
            ref var record = ref window.At(offset);
            if (record.Key is null) continue;
            var heldByOther = record.State == RecordDeliveryState.Acquired && record.Owner != memberId;
            var pendingBefore = offset < walkStart && record.State is RecordDeliveryState.Available or RecordDeliveryState.Acquired;
            if (heldByOther || pendingBefore) _blocked.Add(record.Key);
        }
    }

    /// <summary>
    /// True when the available record may be taken now; false holds it back and, with it, every later
    /// record of its key for the rest of this acquisition.
    /// </summary>
    public bool MayTake(byte[]? key)
    {
        return key is null || !_blocked.Contains(key);
    }

    /// <summary>A record the walk passes that is acquired, or available but not taken, keeps its later same-key records waiting.</summary>
    public void HoldBack(byte[]? key)
    {
        if (key is not null) _blocked.Add(key);
    }
}
