using System.Collections.Immutable;
using KafkaNet.Broker.Metadata;

namespace KafkaNet.Broker.Topics;

public sealed partial class TopicRegistry
{
    /// <summary>
    /// Makes the topics follow a metadata image: its topics, partitions (leaders, ISR, epochs) and
    /// topic configs replace the current ones. Logs are created for partitions this node is a
    /// replica of and removed for topics, or replicas, that left it. From then on topics.json is no
    /// longer written: the metadata log is the record. Applying an image is idempotent, so after a
    /// storage failure the next image repeats what was left undone.
    /// </summary>
    public void ApplyImage(MetadataUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var image = update.Image;
        lock (_writeLock)
        {
            var previous = _state;
            var next = State.Empty;
            foreach (var topicImage in image.TopicsByName.Values)
            {
                next = next.With(FromImage(topicImage, image));
            }
            // Removals first: logs are named by topic, so a topic deleted and re-created under the
            // same name must lose its old log before the new one is made.
            foreach (var old in previous.ById.Values)
            {
                var current = next.ById.GetValueOrDefault(old.TopicId);
                foreach (var partition in old.Partitions)
                {
                    if (IsLocal(partition) && (current?.Partition(partition.PartitionId) is not { } now || !IsLocal(now)))
                    {
                        _storage.DeletePartition(old.Name, old.TopicId, partition.PartitionId);
                    }
                }
            }
            foreach (var topic in next.ById.Values)
            {
                var old = previous.ById.GetValueOrDefault(topic.TopicId);
                bool hostsAny = false;
                foreach (var partition in topic.Partitions.Where(IsLocal))
                {
                    hostsAny = true;
                    if (old?.Partition(partition.PartitionId) is not { } before || !IsLocal(before))
                    {
                        _storage.CreatePartition(topic.Name, topic.TopicId, partition.PartitionId, topic.Configs);
                    }
                }
                if (hostsAny && old is not null && !(old with { Partitions = topic.Partitions }).Equals(topic))
                {
                    _storage.UpdateConfig(topic.Name, topic.TopicId, topic.Configs);
                }
            }
            Volatile.Write(ref _followsImage, true);
            Volatile.Write(ref _state, next);
        }
    }

    private bool IsLocal(PartitionRegistration partition) => partition.Replicas.Contains(_nodeId);

    private static TopicInfo FromImage(TopicImage topic, MetadataImage image)
    {
        var partitions = topic.Partitions.Values.OrderBy(p => p.PartitionId).ToImmutableArray();
        var configs = image.ConfigsOf(new ConfigResourceKey(ConfigResourceKey.TopicType, topic.Name))
            .ToImmutableSortedDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        short replicationFactor = partitions.Length > 0 ? (short)partitions[0].Replicas.Length : (short)0;
        return new TopicInfo(topic.Name, topic.Id, partitions.Length, replicationFactor, configs) { Partitions = partitions };
    }
}
