using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cluster.Network;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Tests.Node;

public sealed class ThreeNodeClusterTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void Every_broker_is_registered_and_unfenced_in_every_nodes_image()
    {
        foreach (var node in fixture.Cluster.Nodes.Values)
        {
            Assert.Equal([1, 2, 3], node.Publisher.Image.Brokers.Keys.Order());
            Assert.All(node.Publisher.Image.Brokers.Values, b => Assert.False(b.Fenced));
            Assert.True(node.Broker.BrokerEpoch > 0);
        }
    }

    [Fact]
    public async Task A_topic_created_through_broker_two_has_three_replicas_a_leader_and_full_isr_on_every_broker()
    {
        using (var admin = Admin(fixture.Cluster.BootstrapServersOf(2)))
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = "replicated", NumPartitions = 3, ReplicationFactor = 3 }]);
        }
        foreach (int id in new[] { 1, 2, 3 })
        {
            using var admin = Admin(fixture.Cluster.BootstrapServersOf(id));
            var metadata = admin.GetMetadata("replicated", Timeout);
            Assert.Equal(3, metadata.Brokers.Count);
            var topic = Assert.Single(metadata.Topics);
            Assert.Equal(ErrorCode.NoError, topic.Error.Code);
            Assert.Equal(3, topic.Partitions.Count);
            Assert.All(topic.Partitions, p =>
            {
                Assert.Equal([1, 2, 3], p.Replicas.Order());
                Assert.Equal([1, 2, 3], p.InSyncReplicas.Order());
                Assert.Contains(p.Leader, p.Replicas);
            });
        }
    }

    [Fact]
    public async Task DescribeCluster_lists_three_brokers()
    {
        using var admin = Admin(fixture.Cluster.BootstrapServersOf(1));
        var described = await admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = Timeout });
        Assert.Equal([1, 2, 3], described.Nodes.Select(n => n.Id).Order());
    }

    [Fact]
    public async Task A_replication_factor_above_the_broker_count_is_refused_and_nothing_is_created()
    {
        using var admin = Admin(fixture.Cluster.BootstrapServersOf(3));
        var error = await Assert.ThrowsAsync<CreateTopicsException>(() =>
            admin.CreateTopicsAsync([new TopicSpecification { Name = "too-many-replicas", NumPartitions = 1, ReplicationFactor = 4 }]));
        Assert.Equal(ErrorCode.InvalidReplicationFactor, error.Results.Single().Error.Code);
        Assert.All(fixture.Cluster.Nodes.Values, n => Assert.False(n.Publisher.Image.TopicsByName.ContainsKey("too-many-replicas")));
    }

    [Fact]
    public async Task A_manual_assignment_naming_an_unknown_broker_is_refused()
    {
        using var admin = Admin(fixture.Cluster.BootstrapServersOf(1));
        var spec = new TopicSpecification { Name = "on-broker-nine", NumPartitions = 1, ReplicationFactor = -1, ReplicasAssignments = new Dictionary<int, List<int>> { [0] = [1, 9] } };
        var error = await Assert.ThrowsAsync<CreateTopicsException>(() => admin.CreateTopicsAsync([spec]));
        Assert.Equal(ErrorCode.InvalidReplicaAssignment, error.Results.Single().Error.Code);
        Assert.All(fixture.Cluster.Nodes.Values, n => Assert.False(n.Publisher.Image.TopicsByName.ContainsKey("on-broker-nine")));
    }

    [Fact]
    public async Task DescribeQuorum_on_any_node_names_the_leader_and_the_three_voters()
    {
        var leader = fixture.Cluster.Nodes.Values.Single(n => n.Quorum.IsLeader).NodeId;
        var request = new DescribeQuorumRequest();
        request.Topics.Add(new() { TopicName = "__cluster_metadata", Partitions = { new() { PartitionIndex = 0 } } });
        foreach (var node in fixture.Cluster.Nodes.Values)
        {
            await using var client = new NodeClient(new NodeAddress(node.NodeId, "127.0.0.1", node.Broker.Options.AdvertisedEndpoint.Port));
            var response = await client.SendAsync<DescribeQuorumResponse>(request, DescribeQuorumRequest.ApiKey, 2, CancellationToken.None);
            var partition = response.Topics.Single().Partitions.Single();
            Assert.Equal(0, partition.ErrorCode);
            Assert.Equal(leader, partition.LeaderId);
            Assert.Equal([1, 2, 3], partition.CurrentVoters.Select(v => v.ReplicaId).Order());
            Assert.Equal([1, 2, 3], response.Nodes.Select(n => n.NodeId).Order());
        }
    }

    internal static IAdminClient Admin(string bootstrap) =>
        new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap, SocketTimeoutMs = 10000 }).Build();
}
