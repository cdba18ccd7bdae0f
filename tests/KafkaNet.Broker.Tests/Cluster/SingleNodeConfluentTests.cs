using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Embedded;

namespace KafkaNet.Broker.Tests.Cluster;

public class SingleNodeConfluentTests
{
    [Fact]
    public async Task A_single_node_reports_itself_as_leader_and_only_in_sync_replica()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { NodeId = 3 });
        using var admin = AdminClients.Create(kafka);
        await admin.CreateTopicAsync("solo", partitions: 2);

        var metadata = admin.GetMetadata("solo", AdminClients.Timeout);

        Assert.Equal([3], metadata.Brokers.Select(b => b.BrokerId));
        Assert.Equal(3, metadata.OriginatingBrokerId);
        var topic = Assert.Single(metadata.Topics);
        Assert.Equal(2, topic.Partitions.Count);
        Assert.All(topic.Partitions, p => Assert.Equal((3, "3", "3"), (p.Leader, string.Join(",", p.Replicas), string.Join(",", p.InSyncReplicas))));
    }
}
