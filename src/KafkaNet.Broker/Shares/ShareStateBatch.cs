namespace KafkaNet.Broker.Shares;

/// <summary>A run of in-flight records with one state and delivery count: a StateBatch of WriteShareGroupState.</summary>
public readonly record struct ShareStateBatch(long FirstOffset, long LastOffset, RecordDeliveryState DeliveryState, short DeliveryCount);
