using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Tests.Controller;

public sealed class PartitionControllerTests
{
    private static async Task<ControllerHarness> ThreeReplicasAsync()
    {
        var h = new ControllerHarness();
        await h.StartBrokersAsync(1, 2, 3);
        var request = new CreateTopicsRequest();
        var topic = new CreateTopicsRequest.CreatableTopic { Name = "t", NumPartitions = -1, ReplicationFactor = -1 };
        topic.Assignments.Add(new() { PartitionIndex = 0, BrokerIds = [1, 2, 3] });
        request.Topics.Add(topic);
        await h.Controller.CreateTopicsAsync(request, 7);
        return h;
    }

    private static AlterPartitionRequest Alter(ControllerHarness h, int broker, int[] isr, int? leaderEpoch = null, int? partitionEpoch = null, int partition = 0)
    {
        var p = h.Partition("t", 0);
        var request = new AlterPartitionRequest { BrokerId = broker, BrokerEpoch = h.Epochs[broker] };
        request.Topics.Add(new()
        {
            TopicId = h.Image.TopicsByName["t"].Id,
            Partitions = [new() { PartitionIndex = partition, LeaderEpoch = leaderEpoch ?? p.LeaderEpoch, PartitionEpoch = partitionEpoch ?? p.PartitionEpoch, NewIsrWithEpochs = [.. isr.Select(id => new AlterPartitionRequest.BrokerState { BrokerId = id, BrokerEpoch = -1 })] }],
        });
        return request;
    }

    private static async Task<AlterPartitionResponse.PartitionData> AlterAsync(ControllerHarness h, AlterPartitionRequest request) =>
        (await h.Controller.AlterPartitionAsync(request, 3)).Topics.Single().Partitions.Single();

    [Fact]
    public async Task Leader_shrinks_and_expands_the_isr_and_gets_the_new_state_back()
    {
        using var h = await ThreeReplicasAsync();
        var shrunk = await AlterAsync(h, Alter(h, 1, [1, 2]));
        Assert.Equal(0, shrunk.ErrorCode);
        Assert.Equal([1, 2], shrunk.Isr);
        Assert.Equal(1, shrunk.LeaderId);
        Assert.Equal(h.Partition("t", 0).PartitionEpoch, shrunk.PartitionEpoch);
        Assert.Equal([1, 2], h.Partition("t", 0).Isr.ToArray());

        var grown = await AlterAsync(h, Alter(h, 1, [1, 2, 3]));
        Assert.Equal(0, grown.ErrorCode);
        Assert.Equal([1, 2, 3], h.Partition("t", 0).Isr.ToArray());
    }

    [Fact]
    public async Task Stale_epochs_and_ineligible_members_are_refused()
    {
        using var h = await ThreeReplicasAsync();
        var p = h.Partition("t", 0);
        Assert.Equal((short)ErrorCode.FencedLeaderEpoch, (await AlterAsync(h, Alter(h, 1, [1, 2], leaderEpoch: p.LeaderEpoch - 1))).ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidUpdateVersion, (await AlterAsync(h, Alter(h, 1, [1, 2], partitionEpoch: p.PartitionEpoch + 1))).ErrorCode);
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, (await AlterAsync(h, Alter(h, 1, [1, 2], partition: 7))).ErrorCode);
        Assert.Equal((short)ErrorCode.NotLeaderOrFollower, (await AlterAsync(h, Alter(h, 2, [1, 2]))).ErrorCode);

        await AlterAsync(h, Alter(h, 1, [1, 2]));
        await h.HeartbeatAsync(3, wantFence: true);
        Assert.Equal((short)ErrorCode.IneligibleReplica, (await AlterAsync(h, Alter(h, 1, [1, 2, 3]))).ErrorCode);

        var stale = Alter(h, 1, [1]);
        stale.BrokerEpoch = 0;
        Assert.Equal((short)ErrorCode.StaleBrokerEpoch, (await h.Controller.AlterPartitionAsync(stale, 3)).ErrorCode);
    }

    [Fact]
    public async Task Preferred_election_moves_leadership_back_or_says_it_is_not_needed()
    {
        using var h = await ThreeReplicasAsync();
        await h.HeartbeatAsync(1, wantFence: true);
        Assert.Equal(2, h.Partition("t", 0).Leader);
        await h.HeartbeatAsync(1);
        Assert.Equal(2, h.Partition("t", 0).Leader);

        // Back in the ISR, broker 1 is preferred again.
        await AlterAsync(h, Alter(h, 2, [2, 3, 1]));
        var request = new ElectLeadersRequest { ElectionType = 0, TopicPartitions = [new() { Topic = "t", Partitions = [0, 5] }] };
        var results = (await h.Controller.ElectLeadersAsync(request, 2)).ReplicaElectionResults.Single().PartitionResult;
        Assert.Equal([(short)0, (short)ErrorCode.UnknownTopicOrPartition], results.Select(r => r.ErrorCode));
        Assert.Equal(1, h.Partition("t", 0).Leader);

        var again = (await h.Controller.ElectLeadersAsync(request, 2)).ReplicaElectionResults.Single().PartitionResult;
        Assert.Equal((short)ErrorCode.ElectionNotNeeded, again[0].ErrorCode);
        var all = await h.Controller.ElectLeadersAsync(new ElectLeadersRequest { ElectionType = 0, TopicPartitions = null }, 2);
        Assert.Empty(all.ReplicaElectionResults);
    }

    [Fact]
    public async Task Preferred_replica_outside_the_isr_is_not_available()
    {
        using var h = await ThreeReplicasAsync();
        await h.HeartbeatAsync(1, wantFence: true);
        await h.HeartbeatAsync(1);
        var request = new ElectLeadersRequest { ElectionType = 0, TopicPartitions = [new() { Topic = "t", Partitions = [0] }] };
        var result = (await h.Controller.ElectLeadersAsync(request, 2)).ReplicaElectionResults.Single().PartitionResult.Single();
        Assert.Equal((short)ErrorCode.PreferredLeaderNotAvailable, result.ErrorCode);
    }
}
