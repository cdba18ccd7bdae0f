using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KafkaNet.Broker.Tests.Idempotence;
using KafkaNet.Broker.Tests.Replication;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Metrics;

/// <summary>
/// kafka_server_replicamanager_isrshrinks_total and _isrexpands_total, counted by a leader as it proposes the change: a
/// follower that stops fetching is a shrink, its return an expansion. Read from the broker's meter in process (the
/// harness plays followers and controller over the wire and serves no metrics listener).
/// </summary>
public sealed class IsrMetricsTests
{
    private const long LagMs = 1000;
    private const string Shrinks = "kafka.server.replicamanager.isrshrinks";
    private const string Expands = "kafka.server.replicamanager.isrexpands";

    [Fact]
    public async Task A_follower_falling_behind_and_catching_up_is_counted_as_each_proposal_the_controller_receives()
    {
        await using var partition = await ReplicatedPartition.StartAsync([1, 2, 3], LagMs);
        using var counters = new Counters(partition.Kafka.Broker.Metrics.Meter);
        var controller = new RecordingController();
        partition.Kafka.Broker.Controller = controller;
        partition.Kafka.Broker.BrokerEpoch = 101;
        await partition.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, 9, ProducerBatches.Request(ReplicatedPartition.Topic, 0, ProducerBatches.Plain(), acks: 1));
        // Follower 2 keeps up; follower 3 does not fetch the new record until later.
        await partition.FollowerFetchAsync(2, 1);
        var replication = partition.Kafka.Broker.Replicas!.Replication!;
        var state = replication.Find(ReplicatedPartition.Topic, 0)!;

        await Task.Delay(TimeSpan.FromMilliseconds(LagMs * 1.5));
        await replication.CheckIsrAsync();
        await WaitUntilAsync(() => state.Isr.Length == 2);
        Assert.True(counters.Of(Shrinks) >= 1, "the shrink was not counted");

        await partition.FollowerFetchAsync(3, 1);
        await WaitUntilAsync(() => state.Isr.Length == 3);

        // On a slow machine follower 2 may also have fallen out before its first fetch (then it came back): whatever
        // happened, each shrink and expansion sent to the controller is counted once, and there was one of each at least.
        var (shrinks, expands) = Proposed(controller);
        Assert.True(shrinks >= 1 && expands >= 1, $"{shrinks} shrinks and {expands} expansions were proposed");
        Assert.Equal((shrinks, expands), (counters.Of(Shrinks), counters.Of(Expands)));
    }

    // The AlterPartition requests in order, each a shrink or an expansion of the ISR before it (all were accepted).
    private static (long Shrinks, long Expands) Proposed(RecordingController controller)
    {
        int size = 3;
        long shrinks = 0;
        long expands = 0;
        foreach (var (request, _) in controller.Requests)
        {
            int next = request.Topics.Single().Partitions.Single().NewIsrWithEpochs.Count;
            shrinks += next < size ? 1 : 0;
            expands += next > size ? 1 : 0;
            size = next;
        }
        return (shrinks, expands);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }
        Assert.True(condition());
    }

    /// <summary>Totals of the long counters of one meter instance (another broker's meter has the same name).</summary>
    private sealed class Counters : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _totals = new();

        public Counters(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
            _listener.Start();
        }

        public long Of(string name) => _totals.GetValueOrDefault(name);

        public void Dispose() => _listener.Dispose();
    }
}
