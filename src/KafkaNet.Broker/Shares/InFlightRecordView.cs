namespace KafkaNet.Broker.Shares;

/// <summary>A read-only look at one in-flight offset; <see cref="Owner"/> and the lock are set only while Acquired.</summary>
public readonly record struct InFlightRecordView(RecordDeliveryState State, short DeliveryCount, string? Owner, long LockExpiryMs);
