using System.Buffers;
using KafkaNet.Broker.Metadata;
using KafkaNet.Cluster.Controller;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;
using static KafkaNet.Cluster.Tests.Quorum.QuorumTestSupport;

namespace KafkaNet.Cluster.Tests.Controller;

// Replays committed batches into an image and publishes it to the controller, as the node's composition will.
internal sealed class ImageApplier : IMetadataLogApplier
{
    public QuorumController? Controller { get; set; }

    public MetadataImage Image { get; private set; } = MetadataImage.Empty;

    public ValueTask ApplyAsync(long index, ReadOnlyMemory<byte> entry, CancellationToken cancellationToken)
    {
        var delta = new MetadataDelta(Image);
        foreach (var record in MetadataRecordReader.ReadBatch(entry))
            delta.Replay(record.Message);
        Image = delta.Apply(index).Image;
        Controller?.Publish(Image);
        return ValueTask.CompletedTask;
    }

    public void WriteSnapshot(IBufferWriter<byte> destination) => destination.Write(MetadataRecordWriter.ToBatch(Image.ToRecords()));

    public void RestoreSnapshot(ReadOnlySequence<byte> snapshot)
    {
        var delta = new MetadataDelta(MetadataImage.Empty);
        foreach (var record in MetadataRecordReader.ReadBatch(snapshot.ToArray()))
            delta.Replay(record.Message);
        Image = delta.Apply(0).Image;
    }
}

public sealed class QuorumControllerEndToEndTests
{
    [Fact]
    public async Task Brokers_register_and_a_topic_is_created_through_a_single_node_quorum()
    {
        var root = TempDirectory();
        try
        {
            var applier = new ImageApplier();
            await using var quorum = await MetadataQuorum.StartAsync(Options(1, Voters(1), root), applier);
            using var controller = new QuorumController(new QuorumControllerOptions { NodeId = 1, DefaultReplicationFactor = 2 }, new QuorumLogWriter(quorum));
            applier.Controller = controller;
            controller.Publish(applier.Image);
            controller.OnLeadershipChanged(quorum.IsLeader);

            var epochs = new Dictionary<int, long>();
            foreach (int id in new[] { 1, 2 })
            {
                var registered = await controller.BrokerRegistrationAsync(ControllerHarness.Registration(id), 3);
                Assert.Equal(0, registered.ErrorCode);
                epochs[id] = registered.BrokerEpoch;
                // The epoch is the log index the registration committed at.
                Assert.Equal(quorum.AppliedIndex, registered.BrokerEpoch);
            }
            foreach (int id in new[] { 1, 2 })
            {
                var beat = await controller.BrokerHeartbeatAsync(new BrokerHeartbeatRequest
                {
                    BrokerId = id,
                    BrokerEpoch = epochs[id],
                    CurrentMetadataOffset = quorum.AppliedIndex,
                }, 1);
                Assert.Equal(0, beat.ErrorCode);
                Assert.False(beat.IsFenced);
            }

            var request = new CreateTopicsRequest();
            request.Topics.Add(new() { Name = "orders", NumPartitions = 2, ReplicationFactor = -1 });
            var created = (await controller.CreateTopicsAsync(request, 7)).Topics.Single();
            Assert.Equal(0, created.ErrorCode);

            var topic = applier.Image.TopicsByName["orders"];
            Assert.Equal(created.TopicId, topic.Id);
            Assert.Equal(2, topic.Partitions.Count);
            Assert.All(topic.Partitions.Values, p => Assert.Equal(2, p.Isr.Length));
            Assert.Equal([1, 2], topic.Partitions.Values.Select(p => p.Leader).Order());
            Assert.All(applier.Image.Brokers.Values, b => Assert.False(b.Fenced));
            Assert.Same(applier.Image, controller.Image);
        }
        finally
        {
            DeleteQuietly(root);
        }
    }
}
