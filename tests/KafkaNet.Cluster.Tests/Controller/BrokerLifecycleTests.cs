using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Tests.Controller;

public sealed class BrokerLifecycleTests
{
    [Fact]
    public async Task Registration_is_fenced_with_the_offset_it_committed_at_as_epoch()
    {
        using var h = new ControllerHarness();
        var response = await h.Controller.BrokerRegistrationAsync(ControllerHarness.Registration(1, "r1"), 3);
        Assert.Equal(0, response.ErrorCode);
        Assert.Equal(h.Image.LastAppliedOffset, response.BrokerEpoch);
        var broker = h.Image.Brokers[1];
        Assert.True(broker.Fenced);
        Assert.Equal(response.BrokerEpoch, broker.Epoch);
        Assert.Equal("r1", broker.Rack);
        Assert.Equal(9001, broker.Endpoints["PLAINTEXT"].Port);
    }

    [Fact]
    public async Task Heartbeat_unfences_only_once_caught_up_and_not_wanting_fence()
    {
        using var h = new ControllerHarness();
        var registered = await h.Controller.BrokerRegistrationAsync(ControllerHarness.Registration(1), 3);
        h.Epochs[1] = registered.BrokerEpoch;
        var behind = await h.HeartbeatAsync(1, offset: registered.BrokerEpoch - 1);
        Assert.False(behind.IsCaughtUp);
        Assert.True(behind.IsFenced);
        var wantsFence = await h.HeartbeatAsync(1, wantFence: true);
        Assert.True(wantsFence.IsCaughtUp);
        Assert.True(wantsFence.IsFenced);
        var caughtUp = await h.HeartbeatAsync(1);
        Assert.False(caughtUp.IsFenced);
        Assert.False(h.Image.Brokers[1].Fenced);
    }

    [Fact]
    public async Task Unknown_broker_or_stale_epoch_heartbeats_are_refused()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);
        h.Epochs[2] = 5;
        Assert.Equal((short)ErrorCode.StaleBrokerEpoch, (await h.HeartbeatAsync(2)).ErrorCode);
        h.Epochs[1] -= 1;
        Assert.Equal((short)ErrorCode.StaleBrokerEpoch, (await h.HeartbeatAsync(1)).ErrorCode);
    }

    [Fact]
    public async Task A_new_incarnation_of_a_live_broker_is_a_duplicate_until_its_session_expires()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);
        var duplicate = await h.Controller.BrokerRegistrationAsync(ControllerHarness.Registration(1), 3);
        Assert.Equal((short)ErrorCode.DuplicateBrokerRegistration, duplicate.ErrorCode);

        h.Clock.Advance(TimeSpan.FromMilliseconds(h.Options.BrokerSessionTimeoutMs + 1));
        var replaced = await h.Controller.BrokerRegistrationAsync(ControllerHarness.Registration(1), 3);
        Assert.Equal(0, replaced.ErrorCode);
        Assert.True(replaced.BrokerEpoch > h.Epochs[1]);
        Assert.True(h.Image.Brokers[1].Fenced);
    }

    [Fact]
    public async Task The_broker_of_the_controllers_own_process_replaces_its_earlier_run_without_waiting_for_the_session()
    {
        var local = Guid.NewGuid();
        using var h = new ControllerHarness(configure: o => o.LocalBrokerIncarnation = local);
        await h.StartBrokersAsync(1, 2);

        // Node 1 killed and restarted: the controller in the new process knows its own broker's incarnation.
        var restarted = await h.Controller.BrokerRegistrationAsync(ControllerHarness.Registration(1, incarnation: local), 3);
        Assert.Equal(0, restarted.ErrorCode);
        Assert.True(restarted.BrokerEpoch > h.Epochs[1]);
        Assert.True(h.Image.Brokers[1].Fenced);

        // Another node's new incarnation still waits for the old session, and so does a stranger claiming node 1.
        Assert.Equal((short)ErrorCode.DuplicateBrokerRegistration, (await h.Controller.BrokerRegistrationAsync(ControllerHarness.Registration(2), 3)).ErrorCode);
        h.Epochs[1] = restarted.BrokerEpoch;
        await h.HeartbeatAsync(1);
        Assert.Equal((short)ErrorCode.DuplicateBrokerRegistration, (await h.Controller.BrokerRegistrationAsync(ControllerHarness.Registration(1), 3)).ErrorCode);
    }

    [Fact]
    public async Task Expired_session_fences_the_broker_and_moves_its_leadership()
    {
        using var h = new ControllerHarness(numPartitions: 3, replicationFactor: 2);
        await h.StartBrokersAsync(1, 2, 3);
        await h.CreateTopicAsync("orders");
        h.Clock.Advance(TimeSpan.FromMilliseconds(h.Options.BrokerSessionTimeoutMs - 1000));
        await h.HeartbeatAsync(2);
        await h.HeartbeatAsync(3);
        h.Clock.Advance(TimeSpan.FromMilliseconds(1001));
        await h.Controller.CheckSessionsAsync();

        Assert.True(h.Image.Brokers[1].Fenced);
        Assert.False(h.Image.Brokers[2].Fenced);
        foreach (var p in h.Image.TopicsByName["orders"].Partitions.Values)
        {
            Assert.NotEqual(1, p.Leader);
            Assert.DoesNotContain(1, p.Isr);
            Assert.Contains(p.Leader, p.Replicas);
        }
    }

    [Fact]
    public async Task Becoming_leader_restarts_every_session()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);
        h.Clock.Advance(TimeSpan.FromMilliseconds(h.Options.BrokerSessionTimeoutMs + 1));
        h.Controller.OnLeadershipChanged(true);
        await h.Controller.CheckSessionsAsync();
        Assert.False(h.Image.Brokers[1].Fenced);
        h.Clock.Advance(TimeSpan.FromMilliseconds(h.Options.BrokerSessionTimeoutMs + 1));
        await h.Controller.CheckSessionsAsync();
        Assert.True(h.Image.Brokers[1].Fenced);
    }

    [Fact]
    public async Task The_session_timer_fences_a_silent_broker_by_itself()
    {
        using var h = new ControllerHarness(sessionCheckIntervalMs: 20);
        await h.StartBrokersAsync(1);
        await PassTimeInStepsAsync(h, h.Options.BrokerSessionTimeoutMs + 1);
        await Quorum.QuorumTestSupport.Until(() => h.Image.Brokers[1].Fenced, "the silent broker is fenced");
    }

    [Fact]
    public async Task A_controller_that_did_not_run_for_a_session_restarts_sessions_rather_than_fencing()
    {
        using var h = new ControllerHarness(sessionCheckIntervalMs: 20);
        await h.StartBrokersAsync(1);
        await NextTickAsync(h);
        // The whole session passes between two ticks of the session check: the controller itself was stalled.
        h.Clock.Advance(TimeSpan.FromMilliseconds(2 * h.Options.BrokerSessionTimeoutMs));
        await NextTickAsync(h);
        await NextTickAsync(h);
        Assert.False(h.Image.Brokers[1].Fenced);

        // From the restart on, the session runs out as any other.
        await PassTimeInStepsAsync(h, h.Options.BrokerSessionTimeoutMs + 1);
        await Quorum.QuorumTestSupport.Until(() => h.Image.Brokers[1].Fenced, "the silent broker is fenced");
    }

    // Moves the clock on in tenths, the session check reading it between each two.
    private static async Task PassTimeInStepsAsync(ControllerHarness h, int millis)
    {
        for (int i = 0; i < 10; i++)
        {
            await NextTickAsync(h);
            h.Clock.Advance(TimeSpan.FromMilliseconds(millis / 10 + 1));
        }
        await NextTickAsync(h);
    }

    private static Task NextTickAsync(ControllerHarness h)
    {
        int ticks = h.Controller.SessionTicks;
        return Quorum.QuorumTestSupport.Until(() => h.Controller.SessionTicks > ticks, "the session check runs");
    }

    [Fact]
    public async Task Fencing_the_last_isr_member_leaves_it_in_the_isr_without_a_leader_until_it_returns()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1, 2);
        var request = new CreateTopicsRequest();
        var topic = new CreateTopicsRequest.CreatableTopic { Name = "solo", NumPartitions = -1, ReplicationFactor = -1 };
        topic.Assignments.Add(new() { PartitionIndex = 0, BrokerIds = [1] });
        request.Topics.Add(topic);
        await h.Controller.CreateTopicsAsync(request, 7);

        Assert.True((await h.HeartbeatAsync(1, wantFence: true)).IsFenced);
        var fenced = h.Partition("solo", 0);
        Assert.Equal(-1, fenced.Leader);
        Assert.Equal([1], fenced.Isr.ToArray());

        Assert.False((await h.HeartbeatAsync(1)).IsFenced);
        var back = h.Partition("solo", 0);
        Assert.Equal(1, back.Leader);
        Assert.True(back.LeaderEpoch > fenced.LeaderEpoch);
    }

    [Fact]
    public async Task Unclean_election_gives_a_leaderless_partition_an_out_of_sync_replica()
    {
        using var h = new ControllerHarness(unclean: true);
        await h.StartBrokersAsync(1, 2);
        var request = new CreateTopicsRequest();
        var topic = new CreateTopicsRequest.CreatableTopic { Name = "t", NumPartitions = -1, ReplicationFactor = -1 };
        topic.Assignments.Add(new() { PartitionIndex = 0, BrokerIds = [1, 2] });
        request.Topics.Add(topic);
        await h.Controller.CreateTopicsAsync(request, 7);
        var shrink = new AlterPartitionRequest { BrokerId = 1, BrokerEpoch = h.Epochs[1] };
        var p = h.Partition("t", 0);
        shrink.Topics.Add(new() { TopicId = h.Image.TopicsByName["t"].Id, Partitions = [new() { PartitionIndex = 0, LeaderEpoch = p.LeaderEpoch, PartitionEpoch = p.PartitionEpoch, NewIsrWithEpochs = [new() { BrokerId = 1, BrokerEpoch = h.Epochs[1] }] }] });
        Assert.Equal(0, (await h.Controller.AlterPartitionAsync(shrink, 3)).Topics[0].Partitions[0].ErrorCode);

        await h.HeartbeatAsync(1, wantFence: true);
        var after = h.Partition("t", 0);
        Assert.Equal(2, after.Leader);
        Assert.Equal([2], after.Isr.ToArray());
    }

    [Fact]
    public async Task Controlled_shutdown_moves_leadership_then_says_shut_down()
    {
        using var h = new ControllerHarness(numPartitions: 4, replicationFactor: 2);
        await h.StartBrokersAsync(1, 2);
        await h.CreateTopicAsync("orders");
        Assert.Contains(h.Image.TopicsByName["orders"].Partitions.Values, p => p.Leader == 1);

        var response = await h.HeartbeatAsync(1, wantShutDown: true);
        Assert.True(response.ShouldShutDown);
        Assert.True(h.Image.Brokers[1].InControlledShutdown);
        Assert.True(h.Image.Brokers[1].Fenced);
        Assert.All(h.Image.TopicsByName["orders"].Partitions.Values, p =>
        {
            Assert.Equal(2, p.Leader);
            Assert.Equal([2], p.Isr.ToArray());
        });
    }

    [Fact]
    public async Task Controlled_shutdown_of_the_only_isr_member_leaves_the_partition_leaderless_with_its_isr()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1, 2);
        await h.CreateTopicAsync("orders", 1, 1);
        int leader = h.Partition("orders", 0).Leader;
        var response = await h.HeartbeatAsync(leader, wantShutDown: true);
        Assert.True(response.ShouldShutDown);
        Assert.True(h.Image.Brokers[leader].InControlledShutdown);
        Assert.Equal(-1, h.Partition("orders", 0).Leader);
        Assert.Equal([leader], h.Partition("orders", 0).Isr.ToArray());
    }

    [Fact]
    public async Task Producer_id_blocks_follow_each_other()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);
        var first = await h.Controller.AllocateProducerIdsAsync(new() { BrokerId = 1, BrokerEpoch = h.Epochs[1] }, 0);
        var second = await h.Controller.AllocateProducerIdsAsync(new() { BrokerId = 1, BrokerEpoch = h.Epochs[1] }, 0);
        Assert.Equal((0L, 1000), (first.ProducerIdStart, first.ProducerIdLen));
        Assert.Equal(1000L, second.ProducerIdStart);
        Assert.Equal(2000L, h.Image.NextProducerId);
        var stale = await h.Controller.AllocateProducerIdsAsync(new() { BrokerId = 1, BrokerEpoch = 0 }, 0);
        Assert.Equal((short)ErrorCode.StaleBrokerEpoch, stale.ErrorCode);
    }
}
