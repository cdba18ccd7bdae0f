namespace KafkaNet.Broker.Shares;

/// <summary>
/// A run of records handed to a member by one acquisition, all with the same delivery count
/// (the AcquiredRecords entry of a ShareFetch response).
/// </summary>
public readonly record struct AcquiredRecords(long FirstOffset, long LastOffset, short DeliveryCount);
