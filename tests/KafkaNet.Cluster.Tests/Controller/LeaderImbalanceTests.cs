using KafkaNet.Cluster.Controller;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Tests.Controller;

public sealed class LeaderImbalanceTests
{
    // Broker 1 is preferred for three partitions, broker 2 for one.
    private static async Task<ControllerHarness> StartAsync(Action<QuorumControllerOptions>? configure = null)
    {
        var h = new ControllerHarness(configure: configure);
        await h.StartBrokersAsync(1, 2);
        var request = new CreateTopicsRequest();
        var topic = new CreateTopicsRequest.CreatableTopic { Name = "t", NumPartitions = -1, ReplicationFactor = -1 };
        int[][] assignments = [[1, 2], [1, 2], [1, 2], [2, 1]];
        for (int i = 0; i < assignments.Length; i++)
        {
            topic.Assignments.Add(new() { PartitionIndex = i, BrokerIds = [.. assignments[i]] });
        }
        request.Topics.Add(topic);
        await h.Controller.CreateTopicsAsync(request, 7);
        return h;
    }

    // Broker 1 is fenced (leadership moves to 2), comes back, and broker 2 takes it back into the ISR of the given partitions.
    private static async Task BounceBrokerOneAsync(ControllerHarness h, params int[] rejoin)
    {
        await h.HeartbeatAsync(1, wantFence: true);
        await h.HeartbeatAsync(1);
        foreach (int partition in rejoin)
        {
            var p = h.Partition("t", partition);
            var request = new AlterPartitionRequest { BrokerId = 2, BrokerEpoch = h.Epochs[2] };
            request.Topics.Add(new()
            {
                TopicId = h.Image.TopicsByName["t"].Id,
                Partitions = [new() { PartitionIndex = partition, LeaderEpoch = p.LeaderEpoch, PartitionEpoch = p.PartitionEpoch, NewIsrWithEpochs = [new() { BrokerId = 2, BrokerEpoch = -1 }, new() { BrokerId = 1, BrokerEpoch = -1 }] }],
            });
            Assert.Equal(0, (await h.Controller.AlterPartitionAsync(request, 3)).Topics.Single().Partitions.Single().ErrorCode);
        }
    }

    [Fact]
    public async Task An_imbalanced_broker_gets_back_the_leadership_of_its_preferred_partitions_that_have_it_in_the_isr()
    {
        using var h = await StartAsync();
        await BounceBrokerOneAsync(h, 0, 1);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(2, h.Partition("t", i).Leader));

        Assert.Equal(2, await h.Controller.CheckLeaderImbalanceAsync());
        Assert.Equal(1, h.Partition("t", 0).Leader);
        Assert.Equal(1, h.Partition("t", 1).Leader);
        // Broker 1 is not in partition 2's ISR yet; partition 3 prefers broker 2 already leading it.
        Assert.Equal(2, h.Partition("t", 2).Leader);
        Assert.Equal(2, h.Partition("t", 3).Leader);
        Assert.Equal(0, await h.Controller.CheckLeaderImbalanceAsync());
    }

    [Fact]
    public async Task An_imbalance_within_the_tolerated_percentage_is_left_alone()
    {
        using var h = await StartAsync();
        await BounceBrokerOneAsync(h, 0, 1, 2);
        h.Options.LeaderImbalancePerBrokerPercentage = 100;
        int batches = h.Writer.Batches.Count;
        Assert.Equal(0, await h.Controller.CheckLeaderImbalanceAsync());
        Assert.Equal(batches, h.Writer.Batches.Count);

        h.Options.LeaderImbalancePerBrokerPercentage = 99;
        Assert.Equal(3, await h.Controller.CheckLeaderImbalanceAsync());
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(1, h.Partition("t", i).Leader));
    }

    [Fact]
    public async Task The_active_controller_checks_periodically_when_auto_rebalance_is_enabled()
    {
        using var h = await StartAsync(o =>
        {
            o.AutoLeaderRebalanceEnable = true;
            o.LeaderImbalanceCheckIntervalSeconds = 1;
        });
        await BounceBrokerOneAsync(h, 0, 1, 2);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (h.Partition("t", 0).Leader != 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(1, h.Partition("t", i).Leader));
    }
}
