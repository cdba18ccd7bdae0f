using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Tests.Groups.Wire;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Groups.Cluster;

/// <summary>The group coordinator of a cluster: __consumer_offsets created by the controller, groups coordinated by their partition's leader.</summary>
public sealed class ClusterGroupCoordinatorTests
{
    [Theory]
    [InlineData(3, 3)]
    [InlineData(2, 2)]
    public async Task FindCoordinator_before_the_offsets_topic_exists_asks_the_controller_to_create_it(int brokers, short expectedReplicationFactor)
    {
        await using var cluster = await OffsetsTopicCluster.StartAsync(o => o.OffsetsTopicNumPartitions = 7);
        cluster.PublishBrokers(brokers);

        var response = await cluster.FindCoordinatorAsync("new-group");

        Assert.Equal((short)ErrorCode.CoordinatorNotAvailable, response.ErrorCode);
        var request = await cluster.Controller.FirstAsync();
        var topic = Assert.Single(request.Topics);
        Assert.Equal((TopicNames.ConsumerOffsets, 7, expectedReplicationFactor), (topic.Name, topic.NumPartitions, topic.ReplicationFactor));
        Assert.Contains(topic.Configs, c => c.Name == "cleanup.policy" && c.Value == "compact");
        Assert.Contains(topic.Configs, c => c.Name == "compression.type" && c.Value == "producer");
        Assert.Contains(topic.Configs, c => c.Name == "segment.bytes");
        Assert.Null(cluster.Kafka.Broker.Topics.Find(TopicNames.ConsumerOffsets)); // the controller's image creates it, not this broker
    }

    [Fact]
    public async Task FindCoordinator_answers_the_leader_of_the_groups_partition()
    {
        await using var cluster = await OffsetsTopicCluster.StartAsync();
        cluster.PublishBrokers();
        cluster.PublishOffsetsTopic(leaders: [1, 2, 1, 2], epoch: 3, isr: [1, 2]);

        var remote = await cluster.FindCoordinatorAsync(OffsetsTopicCluster.GroupOn(1));
        var local = await cluster.FindCoordinatorAsync(OffsetsTopicCluster.GroupOn(2));

        Assert.Equal((0, 2, "127.0.0.1", 19092), (remote.ErrorCode, remote.NodeId, remote.Host, remote.Port));
        Assert.Equal((0, 1, "127.0.0.1", cluster.Kafka.Port), (local.ErrorCode, local.NodeId, local.Host, local.Port));
    }

    [Fact]
    public async Task FindCoordinator_for_a_partition_without_leader_is_not_available()
    {
        await using var cluster = await OffsetsTopicCluster.StartAsync();
        cluster.PublishBrokers();
        cluster.PublishOffsetsTopic(leaders: [1, -1, 1, 1], epoch: 3, isr: [1]);

        var response = await cluster.FindCoordinatorAsync(OffsetsTopicCluster.GroupOn(1));

        Assert.Equal(((short)ErrorCode.CoordinatorNotAvailable, -1), (response.ErrorCode, response.NodeId));
    }

    [Fact]
    public async Task Group_requests_for_a_partition_led_elsewhere_get_NOT_COORDINATOR()
    {
        await using var cluster = await OffsetsTopicCluster.StartAsync();
        cluster.PublishBrokers();
        cluster.PublishOffsetsTopic(leaders: [1, 2, 1, 2], epoch: 3, isr: [1, 2]);
        string group = OffsetsTopicCluster.GroupOn(3);

        using var session = await WireSession.OpenAsync(cluster.Kafka.Port);
        var join = await GroupWire.JoinAsync(session, 3, GroupWire.Join(group));

        Assert.Equal((short)ErrorCode.NotCoordinator, join.ErrorCode);
        Assert.Equal(ErrorCode.NotCoordinator, await cluster.CommitAsync(group, 5));
        Assert.Equal(ErrorCode.NotCoordinator, (await cluster.FetchOffsetAsync(group)).Error);
    }

    [Fact]
    public async Task OffsetCommit_is_acknowledged_once_the_follower_has_fetched_it()
    {
        await using var cluster = await LeadingEveryPartitionAsync([1, 2]);
        string group = await LoadedGroupOnAsync(cluster, 2);
        var log = cluster.Kafka.Broker.Replicas!.Find(TopicNames.ConsumerOffsets, 2)!;

        var commit = cluster.CommitAsync(group, 42);
        await Task.Delay(300);
        Assert.False(commit.IsCompleted, "the commit was acknowledged before any replica had it");
        var caughtUp = await cluster.FollowerFetchAsync(2, log.LogEndOffset);

        Assert.Equal(0, caughtUp.Responses.Single().Partitions.Single().ErrorCode);
        Assert.Equal(ErrorCode.None, await commit.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(log.LogEndOffset, log.HighWatermark);
        Assert.Equal((ErrorCode.None, 42L), await cluster.FetchOffsetAsync(group));
    }

    [Fact]
    public async Task OffsetCommit_that_no_follower_replicates_in_time_gets_COORDINATOR_NOT_AVAILABLE()
    {
        await using var cluster = await LeadingEveryPartitionAsync([1, 2], o => o.OffsetsCommitTimeoutMs = 200);
        string group = await LoadedGroupOnAsync(cluster, 0);

        Assert.Equal(ErrorCode.CoordinatorNotAvailable, await cluster.CommitAsync(group, 7));
    }

    [Fact]
    public async Task OffsetCommit_alone_in_the_isr_is_acknowledged_at_once()
    {
        await using var cluster = await LeadingEveryPartitionAsync([1], o => o.OffsetsCommitTimeoutMs = 60_000);
        string group = await LoadedGroupOnAsync(cluster, 1);

        Assert.Equal(ErrorCode.None, await cluster.CommitAsync(group, 9).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal((ErrorCode.None, 9L), await cluster.FetchOffsetAsync(group));
    }

    [Fact]
    public async Task Leadership_moving_away_unloads_the_group_and_moving_back_reloads_its_offsets()
    {
        await using var cluster = await LeadingEveryPartitionAsync([1]);
        string group = await LoadedGroupOnAsync(cluster, 3);
        Assert.Equal(ErrorCode.None, await cluster.CommitAsync(group, 1234));

        cluster.PublishLeader(3, leader: 2, epoch: 4, isr: [1, 2]);
        var whileAway = await cluster.FetchOffsetAsync(group);
        var commitAway = await cluster.CommitAsync(group, 99);
        cluster.PublishLeader(3, leader: 1, epoch: 5, isr: [1]);
        var back = await cluster.FetchOffsetWhenLoadedAsync(group);

        Assert.Equal(ErrorCode.NotCoordinator, whileAway.Error);
        Assert.Equal(ErrorCode.NotCoordinator, commitAway);
        Assert.Equal((ErrorCode.None, 1234L), back);
    }

    [Fact]
    public async Task A_join_waiting_when_leadership_moves_away_is_answered_NOT_COORDINATOR()
    {
        await using var cluster = await LeadingEveryPartitionAsync([1], o => o.GroupInitialRebalanceDelayMs = 30_000);
        string group = await LoadedGroupOnAsync(cluster, 0);
        using var session = await WireSession.OpenAsync(cluster.Kafka.Port);

        var join = GroupWire.JoinAsync(session, 3, GroupWire.Join(group));
        await WaitForStateAsync(cluster, group, "PreparingRebalance");
        cluster.PublishLeader(0, leader: 2, epoch: 4, isr: [1, 2]);

        Assert.Equal((short)ErrorCode.NotCoordinator, (await join.WaitAsync(TimeSpan.FromSeconds(5))).ErrorCode);
    }

    /// <summary>Broker 1 leading every partition of __consumer_offsets (epoch 3) with the given ISR.</summary>
    private static async Task<OffsetsTopicCluster> LeadingEveryPartitionAsync(int[] isr, Action<GroupCoordinatorOptions>? configure = null)
    {
        var cluster = await OffsetsTopicCluster.StartAsync(configure);
        cluster.PublishBrokers();
        cluster.PublishOffsetsTopic(leaders: [1, 1, 1, 1], epoch: 3, isr: isr);
        return cluster;
    }

    /// <summary>A group on <paramref name="partition"/>, once its shard has loaded.</summary>
    private static async Task<string> LoadedGroupOnAsync(OffsetsTopicCluster cluster, int partition)
    {
        string group = OffsetsTopicCluster.GroupOn(partition);
        Assert.Equal(ErrorCode.None, (await cluster.FetchOffsetWhenLoadedAsync(group)).Error);
        return group;
    }

    private static async Task WaitForStateAsync(OffsetsTopicCluster cluster, string group, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (cluster.Kafka.Broker.Groups.DescribeGroup(group).State != state)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the group never reached {state}");
            await Task.Delay(20);
        }
    }
}
