using KafkaNet.Broker;
using KafkaNet.Broker.Metadata;
using KafkaNet.Cluster.Node;
using KafkaNet.Cluster.Tests.Controller;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;
using static KafkaNet.Cluster.Tests.Replication.ReplicationTestSupport;

namespace KafkaNet.Cluster.Tests.Node;

/// <summary>The committed metadata log keeps being applied whatever a subscriber of the images does.</summary>
public sealed class MetadataPublisherTests
{
    [Fact]
    public async Task A_subscriber_that_throws_does_not_stop_later_entries_being_applied()
    {
        string root = TempDirectory();
        try
        {
            using var broker = new KafkaBroker(new BrokerOptions { DataDirectory = root });
            using var harness = new ControllerHarness();
            var publisher = new MetadataPublisher(broker, harness.Controller);
            int calls = 0;
            publisher.Applied = _ =>
            {
                calls++;
                throw new InvalidOperationException("a subscriber failed");
            };

            await publisher.ApplyAsync(1, Entry("first"), CancellationToken.None);
            await publisher.ApplyAsync(2, Entry("second"), CancellationToken.None);

            Assert.Equal(2, calls);
            Assert.Equal(2, publisher.AppliedOffset);
            Assert.Contains("second", publisher.Image.TopicsByName.Keys);
            Assert.Equal(2, harness.Controller.Image.LastAppliedOffset);
            await publisher.WaitForOffsetAsync(2, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            DeleteDirectory(root);
        }
    }

    private static byte[] Entry(string topic) =>
        MetadataRecordWriter.ToBatch([new MetadataRecord(new TopicRecord { Name = topic, TopicId = Guid.NewGuid() }, 0)]);
}
