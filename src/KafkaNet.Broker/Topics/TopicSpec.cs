namespace KafkaNet.Broker.Topics;

/// <summary>A topic to create, after the request's defaults (-1 partitions, -1 replicas) are resolved.</summary>
public sealed record TopicSpec(
    string Name,
    int PartitionCount,
    short ReplicationFactor,
    IReadOnlyList<KeyValuePair<string, string?>> Configs);
