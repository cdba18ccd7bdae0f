namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>The share-group states Kafka reports (Dead is a deleted group and never held by a live one).</summary>
public enum ShareGroupState
{
    Empty,
    Stable,
}
