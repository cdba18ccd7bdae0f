using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Topics;
using KafkaNet.Cluster.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Cluster.Tests.Replication;

/// <summary>
/// A broker leading one topic at epoch 0 with replicas [1, 2] and ISR [1], so broker 2 may fetch as its
/// follower; data is appended straight to its log.
/// </summary>
internal sealed class LeaderBroker : IAsyncDisposable
{
    public const int NodeId = 1;

    private LeaderBroker(ControllerlessBroker kafka, string topic, Guid topicId)
    {
        Kafka = kafka;
        Topic = topic;
        TopicId = topicId;
    }

    public ControllerlessBroker Kafka { get; }

    public string Topic { get; }

    public Guid TopicId { get; }

    public PartitionLog Log => Kafka.Broker.Replicas!.Find(Topic, 0)!;

    public NodeAddress Address => new(NodeId, "127.0.0.1", Kafka.Port);

    public static async Task<LeaderBroker> StartAsync(string topic, string? dataDirectory = null)
    {
        var kafka = await ControllerlessBroker.StartAsync(new EmbeddedKafkaOptions { NodeId = NodeId, DataDirectory = dataDirectory });
        var existing = kafka.Broker.Topics.Find(topic);
        if (existing is null)
        {
            kafka.Broker.Topics.Create(new TopicSpec(topic, 1, 1, []), validateOnly: false);
            existing = kafka.Broker.Topics.Find(topic)!;
        }
        kafka.Broker.Publish(ReplicatedImage(kafka.Port, topic, existing.TopicId));
        return new LeaderBroker(kafka, topic, existing.TopicId);
    }

    /// <summary>Appends as the leader at epoch 0, raises the high watermark as a single node does, and wakes fetches.</summary>
    public async Task AppendAsync(byte[] batch)
    {
        await Log.AppendAsLeaderAsync(batch, 0);
        Acknowledge();
    }

    public async Task CommitOrAbortAsync(long producerId, bool commit)
    {
        await Log.AppendEndTxnMarkerAsync(producerId, 0, 0, commit, 0);
        Acknowledge();
    }

    private void Acknowledge()
    {
        Log.UpdateHighWatermark(Log.LogEndOffset);
        Kafka.Broker.Replicas!.NotifyAppended(Topic, 0);
    }

    public ValueTask DisposeAsync() => Kafka.DisposeAsync();

    private static MetadataUpdate ReplicatedImage(int port, string topic, Guid topicId)
    {
        var delta = new MetadataDelta(MetadataImage.Empty);
        IKafkaMessage[] records =
        [
            Register(NodeId, port),
            Register(2, 1),
            new TopicRecord { Name = topic, TopicId = topicId },
            new PartitionRecord { TopicId = topicId, PartitionId = 0, Replicas = [NodeId, 2], Isr = [NodeId], Leader = NodeId, LeaderEpoch = 0, PartitionEpoch = 0 },
        ];
        foreach (var record in records)
        {
            delta.Replay(record);
        }
        return delta.Apply(1);
    }

    private static RegisterBrokerRecord Register(int id, int port) => new()
    {
        BrokerId = id,
        BrokerEpoch = id,
        IncarnationId = new Guid(id, 0, 0, new byte[8]),
        Fenced = false,
        EndPoints = [new() { Name = "PLAINTEXT", Host = "127.0.0.1", Port = (ushort)port, SecurityProtocol = 0 }],
    };
}
