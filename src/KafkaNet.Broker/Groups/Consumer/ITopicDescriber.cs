namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>The topic metadata an assignor reads.</summary>
public interface ITopicDescriber
{
    /// <summary>The topic's partition count, or -1 when the topic does not exist.</summary>
    int PartitionCount(Guid topicId);

    /// <summary>The topic's name, or null when the topic does not exist.</summary>
    string? TopicName(Guid topicId);
}
