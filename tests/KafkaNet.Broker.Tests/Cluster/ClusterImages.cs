using KafkaNet.Broker.Metadata;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Cluster;

/// <summary>Metadata updates describing a three-broker cluster seen from broker 1.</summary>
internal static class ClusterImages
{
    public const string Topic = "orders";

    /// <summary>The leader epoch of partition 0, led by broker 1 (this node).</summary>
    public const int LocalEpoch = 5;

    /// <summary>The leader epoch of partition 1, led by broker 2.</summary>
    public const int RemoteEpoch = 7;

    public static readonly Guid TopicId = new("6f1d2c3b-4a59-4e68-9d7c-0b1a2c3d4e5f");

    public static RegisterBrokerRecord Register(int id, int port) => new()
    {
        BrokerId = id,
        BrokerEpoch = 100 + id,
        IncarnationId = new Guid(id, 0, 0, new byte[8]),
        Rack = "rack-" + id,
        Fenced = false,
        EndPoints = [new() { Name = "PLAINTEXT", Host = "127.0.0.1", Port = (ushort)port, SecurityProtocol = 0 }],
    };

    /// <summary>
    /// Brokers 1 (at <paramref name="localPort"/>), 2 and 3, unfenced, and topic "orders": partition 0 led here,
    /// 1 led by broker 2, 2 led by broker 3 with a replica on unregistered broker 4, 3 without a leader.
    /// </summary>
    public static MetadataUpdate ThreeBrokers(int localPort) => Apply(MetadataImage.Empty, 10,
        Register(1, localPort),
        Register(2, 19092),
        Register(3, 19093),
        new TopicRecord { Name = Topic, TopicId = TopicId },
        Partition(0, leader: 1, LocalEpoch, 1, 2, 3),
        Partition(1, leader: 2, RemoteEpoch, 2, 3, 1),
        Partition(2, leader: 3, 0, 3, 4),
        Partition(3, leader: PartitionRegistration.NoLeader, 0, 4));

    public static PartitionRecord Partition(int id, int leader, int epoch, params int[] replicas) => new()
    {
        TopicId = TopicId,
        PartitionId = id,
        Replicas = [.. replicas],
        Isr = [.. replicas.Where(r => r != 4)],
        Leader = leader,
        LeaderEpoch = epoch,
        PartitionEpoch = epoch,
    };

    public static MetadataUpdate Apply(MetadataImage image, long offset, params IKafkaMessage[] records)
    {
        var delta = new MetadataDelta(image);
        foreach (var record in records)
        {
            delta.Replay(record);
        }
        return delta.Apply(offset);
    }
}
