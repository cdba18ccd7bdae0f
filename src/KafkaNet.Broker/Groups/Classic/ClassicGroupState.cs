namespace KafkaNet.Broker.Groups.Classic;

/// <summary>Kafka's classic group states; the names are what DescribeGroups and ListGroups report.</summary>
public enum ClassicGroupState
{
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
}
