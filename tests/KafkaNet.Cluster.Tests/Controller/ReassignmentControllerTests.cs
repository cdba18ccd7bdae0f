using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Tests.Controller;

public sealed class ReassignmentControllerTests
{
    private static async Task<ControllerHarness> StartAsync(params int[][] assignments)
    {
        var h = new ControllerHarness();
        await h.StartBrokersAsync(1, 2, 3, 4);
        var request = new CreateTopicsRequest();
        var topic = new CreateTopicsRequest.CreatableTopic { Name = "t", NumPartitions = -1, ReplicationFactor = -1 };
        for (int i = 0; i < assignments.Length; i++)
        {
            topic.Assignments.Add(new() { PartitionIndex = i, BrokerIds = [.. assignments[i]] });
        }
        request.Topics.Add(topic);
        Assert.Equal(0, (await h.Controller.CreateTopicsAsync(request, 7)).Topics.Single().ErrorCode);
        return h;
    }

    private static async Task<AlterPartitionReassignmentsResponse.ReassignablePartitionResponse> ReassignAsync(
        ControllerHarness h, int[]? replicas, string topic = "t", int partition = 0, short version = 0, bool allowRfChange = true)
    {
        var request = new AlterPartitionReassignmentsRequest { AllowReplicationFactorChange = allowRfChange };
        request.Topics.Add(new() { Name = topic, Partitions = [new() { PartitionIndex = partition, Replicas = replicas?.ToList() }] });
        var response = await h.Controller.AlterPartitionReassignmentsAsync(request, version);
        Assert.Equal(0, response.ErrorCode);
        return response.Responses.Single().Partitions.Single();
    }

    private static async Task<AlterPartitionResponse.PartitionData> ExpandIsrAsync(ControllerHarness h, int leader, int[] isr)
    {
        var p = h.Partition("t", 0);
        var request = new AlterPartitionRequest { BrokerId = leader, BrokerEpoch = h.Epochs[leader] };
        request.Topics.Add(new()
        {
            TopicId = h.Image.TopicsByName["t"].Id,
            Partitions = [new() { PartitionIndex = 0, LeaderEpoch = p.LeaderEpoch, PartitionEpoch = p.PartitionEpoch, NewIsrWithEpochs = [.. isr.Select(id => new AlterPartitionRequest.BrokerState { BrokerId = id, BrokerEpoch = -1 })] }],
        });
        return (await h.Controller.AlterPartitionAsync(request, 3)).Topics.Single().Partitions.Single();
    }

    private static async Task<List<ListPartitionReassignmentsResponse.OngoingTopicReassignment>> ListAsync(ControllerHarness h, List<ListPartitionReassignmentsRequest.ListPartitionReassignmentsTopics>? topics = null)
    {
        var response = await h.Controller.ListPartitionReassignmentsAsync(new ListPartitionReassignmentsRequest { Topics = topics }, 0);
        Assert.Equal(0, response.ErrorCode);
        return response.Topics;
    }

    [Fact]
    public async Task Invalid_targets_are_refused_with_kafkas_errors_and_nothing_is_written()
    {
        using var h = await StartAsync([1, 2]);
        int batches = h.Writer.Batches.Count;
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, (await ReassignAsync(h, [2, 3], topic: "nope")).ErrorCode);
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, (await ReassignAsync(h, [2, 3], partition: 4)).ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidReplicaAssignment, (await ReassignAsync(h, [])).ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidReplicaAssignment, (await ReassignAsync(h, [2, 2])).ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidReplicaAssignment, (await ReassignAsync(h, [2, 9])).ErrorCode);
        Assert.Equal((short)ErrorCode.NoReassignmentInProgress, (await ReassignAsync(h, null)).ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidReplicationFactor, (await ReassignAsync(h, [2, 3, 4], version: 1, allowRfChange: false)).ErrorCode);
        Assert.Equal(batches, h.Writer.Batches.Count);
        Assert.Equal([1, 2], h.Partition("t", 0).Replicas.ToArray());
    }

    [Fact]
    public async Task A_reassignment_adds_the_target_then_completes_when_the_new_replica_joins_the_isr_and_leadership_leaves_the_removed_replica()
    {
        using var h = await StartAsync([1, 2]);
        Assert.Equal(0, (await ReassignAsync(h, [2, 3])).ErrorCode);
        var started = h.Partition("t", 0);
        Assert.Equal([2, 3, 1], started.Replicas.ToArray());
        Assert.Equal([3], started.AddingReplicas.ToArray());
        Assert.Equal([1], started.RemovingReplicas.ToArray());
        Assert.Equal([1, 2], started.Isr.ToArray());
        Assert.Equal(1, started.Leader);

        var listed = Assert.Single(Assert.Single(await ListAsync(h)).Partitions);
        Assert.Equal([2, 3, 1], listed.Replicas);
        Assert.Equal([3], listed.AddingReplicas);
        Assert.Equal([1], listed.RemovingReplicas);

        // The leader expands the ISR with the adding replica: the same change completes the reassignment.
        var answer = await ExpandIsrAsync(h, 1, [1, 2, 3]);
        Assert.Equal((short)ErrorCode.NewLeaderElected, answer.ErrorCode);
        var done = h.Partition("t", 0);
        Assert.Equal([2, 3], done.Replicas.ToArray());
        Assert.Equal([2, 3], done.Isr.ToArray());
        Assert.Empty(done.AddingReplicas);
        Assert.Empty(done.RemovingReplicas);
        Assert.Equal(2, done.Leader);
        Assert.Equal(started.LeaderEpoch + 1, done.LeaderEpoch);
        Assert.Empty(await ListAsync(h));
    }

    [Fact]
    public async Task A_leader_that_stays_a_replica_keeps_leading_and_gets_the_new_isr()
    {
        using var h = await StartAsync([1, 2]);
        await ReassignAsync(h, [1, 3]);
        var answer = await ExpandIsrAsync(h, 1, [1, 2, 3]);
        Assert.Equal(0, answer.ErrorCode);
        Assert.Equal([1, 3], answer.Isr);
        Assert.Equal(1, answer.LeaderId);
        Assert.Equal([1, 3], h.Partition("t", 0).Replicas.ToArray());
    }

    [Fact]
    public async Task An_isr_change_without_the_adding_replica_leaves_the_reassignment_in_progress()
    {
        using var h = await StartAsync([1, 2]);
        await ReassignAsync(h, [2, 3]);
        Assert.Equal(0, (await ExpandIsrAsync(h, 1, [1])).ErrorCode);
        var p = h.Partition("t", 0);
        Assert.Equal([2, 3, 1], p.Replicas.ToArray());
        Assert.Equal([1], p.Isr.ToArray());
        Assert.Equal([3], p.AddingReplicas.ToArray());
    }

    [Fact]
    public async Task A_reassignment_adding_no_replica_completes_at_once_in_one_change()
    {
        using var h = await StartAsync([1, 2]);
        int batches = h.Writer.Batches.Count;
        Assert.Equal(0, (await ReassignAsync(h, [2])).ErrorCode);
        Assert.Equal(batches + 1, h.Writer.Batches.Count);
        var p = h.Partition("t", 0);
        Assert.Equal([2], p.Replicas.ToArray());
        Assert.Equal([2], p.Isr.ToArray());
        Assert.Equal(2, p.Leader);
        Assert.Empty(p.RemovingReplicas);

        // The same replicas again is nothing to do.
        Assert.Equal(0, (await ReassignAsync(h, [2])).ErrorCode);
        Assert.Equal(batches + 1, h.Writer.Batches.Count);
    }

    [Fact]
    public async Task Cancelling_reverts_to_the_original_replicas()
    {
        using var h = await StartAsync([1, 2]);
        await ReassignAsync(h, [3, 4]);
        Assert.Equal([3, 4, 1, 2], h.Partition("t", 0).Replicas.ToArray());
        Assert.Equal(0, (await ReassignAsync(h, null)).ErrorCode);
        var p = h.Partition("t", 0);
        Assert.Equal([1, 2], p.Replicas.ToArray());
        Assert.Equal([1, 2], p.Isr.ToArray());
        Assert.Equal(1, p.Leader);
        Assert.Empty(p.AddingReplicas);
        Assert.Empty(p.RemovingReplicas);
        Assert.Empty(await ListAsync(h));
        Assert.Equal((short)ErrorCode.NoReassignmentInProgress, (await ReassignAsync(h, null)).ErrorCode);
    }

    [Fact]
    public async Task Listing_named_partitions_reports_only_the_ongoing_ones()
    {
        using var h = await StartAsync([1, 2], [2, 3]);
        await ReassignAsync(h, [3, 4], partition: 1);
        var named = await ListAsync(h, [new() { Name = "t", PartitionIndexes = [0, 1, 7] }, new() { Name = "nope", PartitionIndexes = [0] }]);
        var ongoing = Assert.Single(Assert.Single(named).Partitions);
        Assert.Equal(1, ongoing.PartitionIndex);
        Assert.Equal([3, 4, 2], ongoing.Replicas);
        Assert.Equal([4], ongoing.AddingReplicas);
        Assert.Equal([2], ongoing.RemovingReplicas);
        Assert.Empty(await ListAsync(h, [new() { Name = "t", PartitionIndexes = [0] }]));
    }

    [Fact]
    public async Task A_controller_that_is_not_active_answers_not_controller()
    {
        using var h = await StartAsync([1, 2]);
        h.Writer.IsLeader = false;
        var request = new AlterPartitionReassignmentsRequest();
        request.Topics.Add(new() { Name = "t", Partitions = [new() { PartitionIndex = 0, Replicas = [2, 3] }] });
        Assert.Equal((short)ErrorCode.NotController, (await h.Controller.AlterPartitionReassignmentsAsync(request, 0)).ErrorCode);
        Assert.Equal((short)ErrorCode.NotController, (await h.Controller.ListPartitionReassignmentsAsync(new(), 0)).ErrorCode);
    }
}
