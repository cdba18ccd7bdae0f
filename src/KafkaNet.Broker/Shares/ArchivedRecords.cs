namespace KafkaNet.Broker.Shares;

/// <summary>
/// A run of records that just moved to <see cref="RecordDeliveryState.Archived"/>, all for the same reason
/// and with the same delivery count. Reported through the archive callback of <see cref="SharePartition"/>.
/// </summary>
public readonly record struct ArchivedRecords(long FirstOffset, long LastOffset, short DeliveryCount, ArchiveReason Reason);
