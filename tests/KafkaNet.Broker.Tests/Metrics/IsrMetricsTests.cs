using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KafkaNet.Broker.Tests.Idempotence;
using KafkaNet.Broker.Tests.Replication;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Metrics;

/// <summary>
/// kafka_server_replicamanager_isrshrinks_total and _isrexpands_total, counted by a leader as it proposes the change: a
/// follower that stops fetching is one shrink, its return one expansion. Read from the broker's meter in process (the
/// harness plays followers and controller over the wire and serves no metrics listener).
/// </summary>
public sealed class IsrMetricsTests
{
    private const long LagMs = 1000;

    [Fact]
    public async Task A_follower_falling_behind_and_catching_up_is_one_shrink_and_one_expansion()
    {
        await using var partition = await ReplicatedPartition.StartAsync([1, 2, 3], LagMs);
        using var counters = new Counters(partition.Kafka.Broker.Metrics.Meter);
        partition.Kafka.Broker.Controller = new RecordingController();
        partition.Kafka.Broker.BrokerEpoch = 101;
        await partition.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, 9, ProducerBatches.Request(ReplicatedPartition.Topic, 0, ProducerBatches.Plain(), acks: 1));
        // Follower 2 keeps up; follower 3 never fetches past the new record.
        await partition.FollowerFetchAsync(2, 1);
        var replication = partition.Kafka.Broker.Replicas!.Replication!;
        var state = replication.Find(ReplicatedPartition.Topic, 0)!;
        Assert.Equal((0, 0), (counters.Of("kafka.server.replicamanager.isrshrinks"), counters.Of("kafka.server.replicamanager.isrexpands")));

        await Task.Delay(TimeSpan.FromMilliseconds(LagMs * 1.5));
        await replication.CheckIsrAsync();
        await WaitUntilAsync(() => state.Isr.Length == 2);
        Assert.Equal((1, 0), (counters.Of("kafka.server.replicamanager.isrshrinks"), counters.Of("kafka.server.replicamanager.isrexpands")));

        await partition.FollowerFetchAsync(3, 1);
        await WaitUntilAsync(() => state.Isr.Length == 3);
        Assert.Equal((1, 1), (counters.Of("kafka.server.replicamanager.isrshrinks"), counters.Of("kafka.server.replicamanager.isrexpands")));
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
