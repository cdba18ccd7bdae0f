using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Controller;

// The takeover of a single node's topics.json.
public sealed partial class QuorumController
{
    /// <summary>
    /// Writes a single node's file-kept metadata to the log: each topic with its id, its partitions on
    /// <paramref name="nodeId"/> alone (leader and ISR, epoch 0, as the node served them) and its config overrides,
    /// and the producer id high-water mark. Topics the log already holds under the same id are skipped, so a takeover
    /// cut short by a crash can run again. Answers the number of topics written.
    /// </summary>
    /// <exception cref="InvalidOperationException">A topic's name is taken by another id in the log, or this node is not the active controller.</exception>
    public async Task<int> ImportAsync(StandaloneMetadata metadata, int nodeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        string? conflict = null;
        int written = await RunAsync(image =>
        {
            var records = new List<MetadataRecord>();
            int topics = 0;
            foreach (var topic in metadata.Topics)
            {
                if (image.TopicsById.ContainsKey(topic.TopicId))
                {
                    continue;
                }
                if (image.TopicsByName.TryGetValue(topic.Name, out var taken))
                {
                    conflict = $"Topic {topic.Name} of topics.json has id {topic.TopicId}, the metadata log has it as {taken.Id}.";
                    return Plan<int>.Answer(-1);
                }
                topics++;
                records.Add(MetadataRecord.Latest(new TopicRecord { Name = topic.Name, TopicId = topic.TopicId }));
                for (int p = 0; p < topic.PartitionCount; p++)
                {
                    records.Add(Partition(new PartitionRecord
                    {
                        TopicId = topic.TopicId,
                        PartitionId = p,
                        Replicas = [nodeId],
                        Isr = [nodeId],
                        Leader = nodeId,
                        LeaderEpoch = 0,
                        PartitionEpoch = 0,
                    }));
                }
                foreach (var (name, value) in topic.Configs)
                {
                    records.Add(MetadataRecord.Latest(new ConfigRecord { ResourceType = ConfigResourceKey.TopicType, ResourceName = topic.Name, Name = name, Value = value }));
                }
            }
            if (metadata.NextProducerId > image.NextProducerId)
            {
                records.Add(MetadataRecord.Latest(new ProducerIdsRecord { BrokerId = nodeId, BrokerEpoch = -1, NextProducerId = metadata.NextProducerId }));
            }
            return new Plan<int>(records, _ => topics);
        }, (code, message) => code == ErrorCode.NotController ? throw new InvalidOperationException(message) : throw new TimeoutException(message), cancellationToken).ConfigureAwait(false);
        return conflict is null ? written : throw new InvalidOperationException(conflict);
    }
}
