namespace KafkaNet.Broker.Shares;

/// <summary>
/// The state of one in-flight offset. A small struct kept in an array indexed by offset, so a partition
/// holds no object per record.
/// </summary>
internal struct InFlightRecord
{
    /// <summary>The member holding the lock; set only while <see cref="State"/> is Acquired.</summary>
    public string? Owner;

    /// <summary>The record's key, remembered only in key-ordered mode.</summary>
    public byte[]? Key;

    /// <summary>When the lock runs out (ms); meaningful only while Acquired.</summary>
    public long LockExpiryMs;

    public short DeliveryCount;

    public RecordDeliveryState State;

    public readonly bool IsComplete => State is RecordDeliveryState.Acknowledged or RecordDeliveryState.Archived;
}
