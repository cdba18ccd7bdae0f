using KafkaNet.Broker.Topics;

namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>The broker's topics as an assignor sees them.</summary>
internal sealed class RegistryTopicDescriber(TopicRegistry topics) : ITopicDescriber
{
    public int PartitionCount(Guid topicId) => topics.Find(topicId)?.PartitionCount ?? -1;

    public string? TopicName(Guid topicId) => topics.Find(topicId)?.Name;
}
