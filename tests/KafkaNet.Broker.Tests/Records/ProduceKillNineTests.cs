using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using KafkaNet.Broker.Tests.Admin;
using Xunit.Abstractions;

namespace KafkaNet.Broker.Tests.Records;

/// <summary>
/// The server process killed with SIGKILL in the middle of an acks=1 load: after a restart on the
/// same data directory, every acknowledged record is readable at its acknowledged offset, and the
/// log holds only whole records at contiguous offsets.
/// acks=1 without fsync survives this because the appended bytes are already in the OS page cache
/// when the broker answers; a process kill loses nothing the kernel holds. A machine crash or power
/// loss would be another matter: that needs the durable (fsync) mode or replication.
/// </summary>
public sealed class ProduceKillNineTests(ITestOutputHelper output)
{
    private const string Topic = "durable";
    private const int Partitions = 3;
    private const int AcksBeforeKill = 3000;
    private static readonly TimeSpan LoadBudget = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ReadBudget = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Every_record_acknowledged_with_acks_1_survives_kill_9_at_its_offset()
    {
        using var dir = new TempDirectory();
        var acknowledged = new ConcurrentDictionary<(int Partition, long Offset), string>();
        int sent;
        using (var server = await ServerProcess.StartAsync(dir.Path))
        {
            // Killed from the delivery callback itself, so the kill lands right at the target with requests in flight.
            var acks = new AckLog(acknowledged, AcksBeforeKill, server.Kill);
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = server.BootstrapServers, SocketTimeoutMs = 10000 }).Build())
            {
                await admin.CreateTopicAsync(Topic, partitions: Partitions);
            }
            using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
            {
                BootstrapServers = server.BootstrapServers,
                Acks = Acks.Leader,
                EnableIdempotence = false,
                LingerMs = 1,
                MessageTimeoutMs = 5000,
            }).Build();
            using var stop = new CancellationTokenSource();
            var load = Task.Factory.StartNew(() => ProduceUntilStopped(producer, acks, stop.Token), TaskCreationOptions.LongRunning);
            await Task.WhenAny(acks.TargetReached, load, Task.Delay(LoadBudget));
            await server.KillAsync();
            await stop.CancelAsync();
            sent = await load;
        }
        Assert.True(acknowledged.Count >= AcksBeforeKill, $"only {acknowledged.Count} acks within {LoadBudget}");

        using var restarted = await ServerProcess.StartAsync(dir.Path);
        int read = 0;
        for (int partition = 0; partition < Partitions; partition++)
        {
            var records = ReadWholePartition(restarted.BootstrapServers, partition);
            read += records.Count;
            for (int i = 0; i < records.Count; i++)
            {
                // Contiguous from 0 and each one a whole record this test produced.
                Assert.Equal(i, records[i].Offset);
                Assert.Matches("^value-[0-9]+-x{100}$", records[i].Value);
            }
            foreach (var ((p, offset), value) in acknowledged.Where(a => a.Key.Partition == partition))
            {
                Assert.True(offset < records.Count, $"acknowledged offset {offset} of partition {p} is missing; the log holds {records.Count}");
                Assert.Equal(value, records[(int)offset].Value);
            }
        }
        output.WriteLine($"sent {sent}, acknowledged {acknowledged.Count}, read back {read}");
        Assert.InRange(read, acknowledged.Count, sent);
    }

    /// <summary>Produces until told to stop (bounded in count too) and records each acknowledgement; returns how many were sent.</summary>
    private static int ProduceUntilStopped(IProducer<Null, string> producer, AckLog acks, CancellationToken stop)
    {
        const int MaxMessages = 200_000;
        const int MaxInFlight = 1000;
        string padding = new('x', 100);
        int sent = 0;
        var clock = Stopwatch.StartNew();
        while (sent < MaxMessages && !stop.IsCancellationRequested && clock.Elapsed < LoadBudget)
        {
            if (sent - acks.Count > MaxInFlight)
            {
                // Keeps the load steady so the kill lands near the ack target with requests in flight.
                Thread.Sleep(1);
                continue;
            }
            string value = $"value-{sent}-{padding}";
            try
            {
                producer.Produce(Topic, new Message<Null, string> { Value = value }, report =>
                {
                    if (report.Error.Code == ErrorCode.NoError)
                    {
                        acks.Add(report.Partition.Value, report.Offset.Value, report.Message.Value);
                    }
                });
                sent++;
            }
            catch (ProduceException<Null, string> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
        return sent;
    }

    /// <summary>Every record of the partition, from offset 0 up to its high watermark after the restart.</summary>
    private static List<(long Offset, string Value)> ReadWholePartition(string bootstrap, int partition)
    {
        var tp = new TopicPartition(Topic, partition);
        long highWatermark;
        using (var consumer = RecordClients.Consumer(bootstrap))
        {
            highWatermark = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value;
        }
        var records = RecordClients.ReadFromBeginning(bootstrap, tp, (int)highWatermark, ReadBudget);
        Assert.Equal(highWatermark, records.Count);
        return records.Select(r => (r.Offset.Value, r.Message.Value)).ToList();
    }

    /// <summary>Acknowledged records by (partition, offset); runs an action once when the target count is reached.</summary>
    private sealed class AckLog(ConcurrentDictionary<(int Partition, long Offset), string> records, int target, Action onTarget)
    {
        private readonly TaskCompletionSource _targetReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task TargetReached => _targetReached.Task;

        public void Add(int partition, long offset, string value)
        {
            records[(partition, offset)] = value;
            if (Interlocked.Increment(ref _count) == target)
            {
                onTarget();
                _targetReached.TrySetResult();
            }
        }
    }
}
