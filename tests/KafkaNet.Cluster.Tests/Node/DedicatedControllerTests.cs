using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker;
using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Cluster.Tests.Quorum.QuorumTestSupport;

namespace KafkaNet.Cluster.Tests.Node;

/// <summary>
/// Brokers with only the broker role beside controllers with only the controller role: the brokers follow the
/// metadata log by fetching it from the active controller, register with it and serve clients; controllers have no
/// client listener and are never brokers.
/// </summary>
public sealed class DedicatedControllerTests
{
    [Fact]
    public async Task Brokers_beside_a_dedicated_controller_replicate_a_topic_that_clients_produce_to_and_consume()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(2, new EmbeddedKafkaClusterOptions { DedicatedControllers = 1 });
        var controller = Assert.Single(cluster.Controllers);
        Assert.Equal(ProcessRoles.Controller, controller.Roles);
        Assert.Equal([1, 2], cluster.Brokers.Select(b => b.NodeId).Order());
        Assert.All(cluster.Brokers, b => Assert.Throws<InvalidOperationException>(() => b.Quorum));

        using (var admin = ThreeNodeClusterTests.Admin(cluster.BootstrapServers))
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = "dedicated", NumPartitions = 2, ReplicationFactor = 2,
                Configs = new() { ["min.insync.replicas"] = "2" } }]);
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            // The controller is not a broker: Metadata lists the two brokers only.
            Assert.Equal([1, 2], metadata.Brokers.Select(b => b.BrokerId).Order());
            var topic = Assert.Single(metadata.Topics, t => t.Topic == "dedicated");
            Assert.All(topic.Partitions, p => Assert.Equal([1, 2], p.InSyncReplicas.Order()));
        }

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, Acks = Acks.All }).Build())
        {
            for (int i = 0; i < 20; i++)
            {
                var report = await producer.ProduceAsync("dedicated", new Message<string, string> { Key = $"k{i}", Value = $"v{i}" });
                Assert.Equal(PersistenceStatus.Persisted, report.Status);
            }
        }
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "dedicated-readers",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe("dedicated");
        var seen = new HashSet<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (seen.Count < 20 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } result)
            {
                seen.Add(result.Message.Value);
            }
        }
        consumer.Close();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"v{i}").Order(), seen.Order());
    }

    [Fact]
    public async Task DescribeQuorum_through_a_broker_reports_the_dedicated_voters_and_the_brokers_as_observers()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(2, new EmbeddedKafkaClusterOptions { DedicatedControllers = 3 });
        int leader = await ControllerLeaderAsync(cluster);
        var request = new DescribeQuorumRequest();
        request.Topics.Add(new() { TopicName = "__cluster_metadata", Partitions = { new() { PartitionIndex = 0 } } });
        await Until(() => cluster.Controllers.Single(c => c.NodeId == leader).Publisher.Image.Brokers.Count == 2, "both brokers registered");

        await using var client = new NodeClient(new NodeAddress(1, "127.0.0.1", cluster.Nodes[1].Broker.Options.AdvertisedEndpoint.Port));
        DescribeQuorumResponse.PartitionData? partition = null;
        await UntilAsync(async () =>
        {
            var response = await client.SendAsync<DescribeQuorumResponse>(request, DescribeQuorumRequest.ApiKey, 2, NodeClientTests.Timeout());
            partition = response.Topics.Single().Partitions.Single();
            return partition.Observers.Count == 2 && partition.CurrentVoters.All(v => v.LogEndOffset > 0 && v.LastFetchTimestamp > 0);
        }, "the active controller knows both brokers as observers and how far each voter has the log");
        Assert.Equal(0, partition!.ErrorCode);
        Assert.Equal(leader, partition.LeaderId);
        Assert.Equal([3, 4, 5], partition.CurrentVoters.Select(v => v.ReplicaId).Order());
        Assert.Equal([1, 2], partition.Observers.Select(o => o.ReplicaId).Order());
        Assert.All(partition.Observers, o => Assert.True(o.LogEndOffset > 0, $"observer {o.ReplicaId} fetched up to {o.LogEndOffset}"));
    }

    [Fact]
    public async Task The_brokers_follow_a_new_active_controller_after_the_old_one_is_killed()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(2, new EmbeddedKafkaClusterOptions { DedicatedControllers = 3 });
        int leader = await ControllerLeaderAsync(cluster);
        await cluster.KillAsync(leader);
        int next = await ControllerLeaderAsync(cluster);
        Assert.NotEqual(leader, next);

        using (var admin = ThreeNodeClusterTests.Admin(cluster.BootstrapServersOf(2)))
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = "after-controller-failover", NumPartitions = 3, ReplicationFactor = 2 }]);
        }
        // Both brokers applied the new topic, fetched from the new active controller, and neither was fenced.
        await Until(() => cluster.Brokers.All(b => b.Publisher.Image.TopicsByName.ContainsKey("after-controller-failover")), "both brokers see the topic");
        Assert.All(cluster.Brokers, b => Assert.False(b.IsFenced));
        var image = cluster.Controllers.Single(c => c.NodeId == next).Publisher.Image;
        Assert.Equal(image.TopicsByName["after-controller-failover"].Id, cluster.Nodes[1].Publisher.Image.TopicsByName["after-controller-failover"].Id);
    }

    [Fact]
    public async Task A_restarted_broker_behind_what_the_controller_keeps_loads_a_snapshot_and_catches_up()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(2, new EmbeddedKafkaClusterOptions { DedicatedControllers = 1, MetadataFeedRetainedEntries = 2 });
        using (var admin = ThreeNodeClusterTests.Admin(cluster.BootstrapServersOf(1)))
        {
            for (int i = 0; i < 4; i++)
            {
                await admin.CreateTopicsAsync([new TopicSpecification { Name = $"snap-{i}", NumPartitions = 1, ReplicationFactor = 2 }]);
            }
            await admin.DeleteTopicsAsync(["snap-0"]);
        }
        await cluster.RestartAsync(2);

        var controller = Assert.Single(cluster.Controllers);
        var restarted = cluster.Nodes[2];
        await Until(() => restarted.Publisher.AppliedOffset >= controller.Publisher.AppliedOffset - 1, "the restarted broker caught up");
        Assert.Equal(["snap-1", "snap-2", "snap-3"], restarted.Publisher.Image.TopicsByName.Keys.Where(n => n.StartsWith("snap-", StringComparison.Ordinal)).Order());
        Assert.False(restarted.IsFenced);
        using var check = ThreeNodeClusterTests.Admin(cluster.BootstrapServersOf(2));
        Assert.Equal(ErrorCode.NoError, Assert.Single(check.GetMetadata("snap-3", TimeSpan.FromSeconds(10)).Topics).Error.Code);
    }

    [Fact]
    public async Task The_controller_listener_of_a_dedicated_controller_serves_the_controller_apis_and_forwarded_admin_requests_only()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(1, new EmbeddedKafkaClusterOptions { DedicatedControllers = 1 });
        var voter = Assert.Single(cluster.Voters);
        await using var client = new NodeClient(new NodeAddress(voter.NodeId, voter.Host, voter.Port));
        var response = await client.SendAsync<ApiVersionsResponse>(NodeClientTests.ApiVersions(), ApiVersionsRequest.ApiKey, 3, NodeClientTests.Timeout());
        var keys = response.ApiKeys.ToDictionary(k => k.ApiKey);

        Assert.Contains(BrokerRegistrationRequest.ApiKey, keys.Keys);
        Assert.Contains(FetchSnapshotRequest.ApiKey, keys.Keys);
        Assert.Contains(CreateTopicsRequest.ApiKey, keys.Keys);
        // Fetch here is the metadata log only, in the versions that name topics by id.
        Assert.Equal(13, keys[FetchRequest.ApiKey].MinVersion);
        // Nothing a client of a broker needs: no Produce, no groups.
        Assert.DoesNotContain(ProduceRequest.ApiKey, keys.Keys);
        Assert.DoesNotContain(JoinGroupRequest.ApiKey, keys.Keys);
        Assert.DoesNotContain(MetadataRequest.ApiKey, keys.Keys);
    }

    [Fact]
    public async Task A_broker_of_another_cluster_is_refused_with_INCONSISTENT_CLUSTER_ID()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(1, new EmbeddedKafkaClusterOptions { DedicatedControllers = 1 });
        var voter = Assert.Single(cluster.Voters);
        var controller = Assert.Single(cluster.Controllers);
        await using var client = new NodeClient(new NodeAddress(voter.NodeId, voter.Host, voter.Port));
        var request = new BrokerRegistrationRequest { BrokerId = 9, ClusterId = "another-cluster", IncarnationId = Guid.NewGuid() };
        request.Listeners.Add(new() { Name = "PLAINTEXT", Host = "127.0.0.1", Port = 1, SecurityProtocol = 0 });

        var response = await client.SendAsync<BrokerRegistrationResponse>(request, BrokerRegistrationRequest.ApiKey, 3, NodeClientTests.Timeout());

        Assert.Equal((short)KafkaNet.Protocol.ErrorCode.InconsistentClusterId, response.ErrorCode);
        Assert.False(controller.Publisher.Image.Brokers.ContainsKey(9));
    }

    private static async Task<int> ControllerLeaderAsync(EmbeddedKafkaCluster cluster) =>
        await AgreedLeader(cluster.Controllers.Select(c => c.Quorum));

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(100);
        }
    }
}
