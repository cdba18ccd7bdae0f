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

    /// <summary>Why the record is Archiving; unset (0) for state loaded from the persister, which does not keep it.</summary>
    public ArchiveReason Reason;

    /// <summary>Archiving, and its dead-letter record may already be written (loaded so, or a write was attempted).</summary>
    public bool DeadLetterInDoubt;

    public readonly bool IsComplete => State is RecordDeliveryState.Acknowledged or RecordDeliveryState.Archived;
}
