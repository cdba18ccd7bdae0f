using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Storage;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Tests.Storage;

/// <summary>
/// A topic deleted and created again under the same name, then the broker restarted: replaying the
/// metadata log deletes the old topic again, which must not take the new topic's data with it.
/// </summary>
public sealed class ReplayedTopicDeletionTests : IDisposable
{
    private static readonly Dictionary<string, string> NoOverrides = [];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-replayed-deletion-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Replaying_the_old_topics_deletion_keeps_the_recreated_topics_records()
    {
        var oldId = Guid.NewGuid();
        var newId = Guid.NewGuid();
        using (var replicas = Open())
        {
            replicas.CreatePartition("t", oldId, 0, NoOverrides);
            await replicas.Find("t", 0)!.AppendAsLeaderAsync(Batch(2), leaderEpoch: 0);
            replicas.DeletePartition("t", oldId, 0);
            replicas.CreatePartition("t", newId, 0, NoOverrides);
            await replicas.Find("t", 0)!.AppendAsLeaderAsync(Batch(3), leaderEpoch: 0);
        }

        using (var replicas = Open())
        {
            // The metadata log, replayed from its start.
            replicas.CreatePartition("t", oldId, 0, NoOverrides);
            replicas.DeletePartition("t", oldId, 0);
            replicas.CreatePartition("t", newId, 0, NoOverrides);

            Assert.Equal(3, replicas.Find("t", 0)!.LogEndOffset);
        }
    }

    [Fact]
    public async Task Deleting_the_topic_a_directory_was_made_for_removes_it()
    {
        var id = Guid.NewGuid();
        using var replicas = Open();
        replicas.CreatePartition("t", id, 0, NoOverrides);
        await replicas.Find("t", 0)!.AppendAsLeaderAsync(Batch(1), leaderEpoch: 0);

        replicas.DeletePartition("t", id, 0);

        Assert.Null(replicas.Find("t", 0));
        Assert.False(Directory.Exists(Path.Combine(_directory, "t-0")));
    }

    [Fact]
    public void Partition_directory_names_its_topic_id_in_Kafkas_partition_metadata_file()
    {
        var id = new Guid("8d3b3c2e-6b1f-4c7a-9a55-0f1e2d3c4b5a");
        using var replicas = Open();

        replicas.CreatePartition("t", id, 0, NoOverrides);

        // Kafka's form: the UUID's 16 bytes, big-endian, in URL-safe base64 without padding.
        Assert.Equal("version: 0\ntopic_id: jTs8LmsfTHqaVQ8eLTxLWg\n", File.ReadAllText(Path.Combine(_directory, "t-0", "partition.metadata")));
        Assert.Equal(id, PartitionTopicId.Read(Path.Combine(_directory, "t-0")));
    }

    private ReplicaManager Open() =>
        new(_directory, new TopicConfigResolver(new Dictionary<string, string>()), durable: false, TimeSpan.FromHours(1));

    private static byte[] Batch(int records)
    {
        using var builder = new RecordBatchBuilder();
        for (int i = 0; i < records; i++)
        {
            builder.Append(1_700_000_000_000 + i, null, new byte[] { (byte)i });
        }
        return builder.ToArray();
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
