using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Tests.Records;

namespace KafkaNet.Broker.Tests.ExactlyOnce;

/// <summary>
/// An idempotent producer keeps sending while the broker is killed with SIGKILL and restarted on the same port: the
/// retries it sends after the restart are recognised from the producer state rebuilt from disk.
/// </summary>
public sealed class IdempotentKillNineTests
{
    private const int Records = 100_000;
    private const int Partitions = 2;

    [Fact]
    public async Task An_idempotent_producer_running_through_a_broker_kill_writes_every_record_once_and_in_order()
    {
        using var data = new TempDirectory();
        var server = await ServerProcess.StartAsync(data.Path);
        try
        {
            string bootstrap = server.BootstrapServers;
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
            {
                await admin.CreateTopicsAsync([new TopicSpecification { Name = "idempotent", NumPartitions = Partitions, ReplicationFactor = 1 }]);
            }

            int failed = 0;
            using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig
            {
                BootstrapServers = bootstrap,
                EnableIdempotence = true,
                LingerMs = 5,
                MessageTimeoutMs = 120_000,
                ReconnectBackoffMaxMs = 200,
            }).Build())
            {
                var next = new int[Partitions];
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < Records; i++)
                {
                    if (i == Records / 3 || i == 2 * Records / 3)
                    {
                        // Some of what was sent is in flight or queued: the restart makes the producer resend it.
                        await server.KillAsync();
                        server.Dispose();
                        server = await ServerProcess.StartAsync(data.Path, server.Port);
                    }
                    int p = i % Partitions;
                    NumberedRecords.Produce(producer, new TopicPartition("idempotent", p), $"{p}:{next[p]++}", () => Interlocked.Increment(ref failed));
                }
                Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(120)));
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5));
            }
            Assert.Equal(0, failed);

            var read = NumberedRecords.ReadAll(bootstrap, "idempotent", Partitions, IsolationLevel.ReadUncommitted);
            for (int p = 0; p < Partitions; p++)
            {
                Assert.Equal(NumberedRecords.Expected(p, Records / Partitions), read[p]);
            }
        }
        finally
        {
            server.Dispose();
        }
    }
}
