namespace KafkaNet.Broker.Storage;

/// <summary>
/// The port through which topic administration reaches the log engine: the topic registry
/// calls it when partitions appear, disappear or change config. The log engine implements it;
/// the registry never knows how partitions are stored.
/// </summary>
public interface IPartitionStorage
{
    /// <summary>Creates the empty log of one partition. Called before the topic is recorded, so a failure creates nothing.</summary>
    void CreatePartition(string topic, Guid topicId, int partition, IReadOnlyDictionary<string, string> configOverrides);

    /// <summary>Removes the log of one partition. Called after the deletion is recorded; must tolerate a missing log.</summary>
    void DeletePartition(string topic, Guid topicId, int partition);

    /// <summary>The topic's config overrides changed (retention, segment size...); applies to all its partitions.</summary>
    void UpdateConfig(string topic, Guid topicId, IReadOnlyDictionary<string, string> configOverrides);
}
