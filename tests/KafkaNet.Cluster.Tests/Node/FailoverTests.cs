using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Embedded;
using static KafkaNet.Cluster.Tests.Quorum.QuorumTestSupport;

namespace KafkaNet.Cluster.Tests.Node;

public sealed class FailoverTests
{
    [Fact]
    public async Task Killing_the_quorum_leader_elects_another_controller_that_creates_topics_on_both_survivors()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(3);
        int leader = await LeaderAsync(cluster);
        await cluster.KillAsync(leader);

        int next = await LeaderAsync(cluster);
        Assert.NotEqual(leader, next);
        // Clients learn the controller id from Metadata, which names live brokers only once the dead one is fenced.
        await Until(() => cluster.Nodes.Values.All(n => n.Broker.Cluster.Find(leader) is null), "the old leader is fenced everywhere");
        var survivor = cluster.Nodes.Keys.First(id => id != next);
        using (var admin = ThreeNodeClusterTests.Admin(cluster.BootstrapServersOf(survivor)))
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = "after-failover", NumPartitions = 2, ReplicationFactor = 2 }]);
        }
        foreach (var id in cluster.Nodes.Keys)
        {
            using var admin = ThreeNodeClusterTests.Admin(cluster.BootstrapServersOf(id));
            var topic = Assert.Single(admin.GetMetadata("after-failover", TimeSpan.FromSeconds(10)).Topics);
            Assert.Equal(ErrorCode.NoError, topic.Error.Code);
            Assert.Equal(2, topic.Partitions.Count);
            Assert.All(topic.Partitions, p => Assert.Equal(2, p.Replicas.Length));
        }
    }

    [Fact]
    public async Task A_killed_broker_is_fenced_after_its_session_and_its_partitions_get_leaders_from_the_isr()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(3, new EmbeddedKafkaClusterOptions { BrokerSessionTimeoutMs = 1500 });
        using (var admin = ThreeNodeClusterTests.Admin(cluster.BootstrapServersOf(1)))
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = "moving", NumPartitions = 3, ReplicationFactor = 3 }]);
        }
        // A broker whose quorum does not lead, so the controller keeps its sessions across the kill.
        int controller = await LeaderAsync(cluster);
        var observer = cluster.Nodes[controller];
        int victim = observer.Publisher.Image.TopicsByName["moving"].Partitions.Values.Select(p => p.Leader).First(l => l != controller);
        await cluster.KillAsync(victim);

        var clock = Stopwatch.StartNew();
        await Until(() => observer.Publisher.Image.Brokers[victim].Fenced, "the killed broker is fenced");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(500), "fenced before its session could have expired");
        await Until(() => observer.Publisher.Image.TopicsByName["moving"].Partitions.Values.All(p => p.Leader != victim && p.Leader >= 0),
            "every partition has a live leader");
        foreach (var p in observer.Publisher.Image.TopicsByName["moving"].Partitions.Values)
        {
            Assert.Contains(p.Leader, p.Isr);
            Assert.DoesNotContain(victim, p.Isr);
        }
        int[] live = [.. new[] { 1, 2, 3 }.Where(id => id != victim)];
        // Followers apply the fencing a heartbeat after the controller does.
        await Until(() => cluster.Nodes.Values.All(n => n.Broker.Cluster.Brokers.Keys.Order().SequenceEqual(live)), "every survivor reports two live brokers");
        using var survivor = ThreeNodeClusterTests.Admin(cluster.BootstrapServersOf(controller));
        var described = await survivor.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = TimeSpan.FromSeconds(10) });
        Assert.Equal(live, described.Nodes.Select(n => n.Id).Order());
    }

    [Fact]
    public async Task A_restarted_node_registers_again_and_is_unfenced_with_a_newer_epoch()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(3);
        long before = cluster.Nodes[2].Broker.BrokerEpoch;

        await cluster.RestartAsync(2);

        Assert.True(cluster.Nodes[2].Broker.BrokerEpoch > before);
        await Until(() => cluster.Nodes.Values.All(n => n.Publisher.Image.Brokers.Values.Count(b => !b.Fenced) == 3), "all three are unfenced again");
    }

    private static async Task<int> LeaderAsync(EmbeddedKafkaCluster cluster)
    {
        int leader = -1;
        await Until(() =>
        {
            var leaders = cluster.Nodes.Values.Where(n => n.Quorum.IsLeader).ToList();
            if (leaders.Count != 1 || cluster.Nodes.Values.Any(n => n.Quorum.LeaderId != leaders[0].NodeId))
            {
                return false;
            }
            leader = leaders[0].NodeId;
            return true;
        }, "the running nodes agree on a quorum leader");
        return leader;
    }
}
