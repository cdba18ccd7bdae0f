using Confluent.Kafka;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.ExactlyOnce;

/// <summary>
/// Responses to Produce requests are lost (the broker wrote the batch, the client never heard): an idempotent
/// producer's retries are recognised as duplicates, so each record lands once and in order.
/// </summary>
public sealed class IdempotentRetryTests
{
    private const int Records = 100_000;
    private const int Partitions = 2;
    private const int Drops = 10;

    [Fact]
    public async Task Lost_produce_responses_retried_by_an_idempotent_producer_leave_every_record_once_and_in_order()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        kafka.CreateTopic(new TopicSpec("retried", Partitions, 1, []));

        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            EnableIdempotence = true,
            LingerMs = 2,
            BatchNumMessages = 500,
            MessageTimeoutMs = 120_000,
            ReconnectBackoffMs = 10,
        }).Build())
        {
            int failed = 0;
            var next = new int[Partitions];
            for (int i = 0; i < Records; i++)
            {
                // Spread the lost responses over the run: one more is queued every 10,000 records.
                if (i % (Records / Drops) == 0)
                {
                    kafka.Faults.DropResponses(ApiKeys.Produce, count: 1);
                }
                int p = i % Partitions;
                NumberedRecords.Produce(producer, new TopicPartition("retried", p), $"{p}:{next[p]++}", () => Interlocked.Increment(ref failed));
            }
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(120)));
            Assert.Equal(0, failed);
        }
        Assert.Equal(Drops, kafka.Faults.Fired(ApiKeys.Produce));

        for (int p = 0; p < Partitions; p++)
        {
            Assert.Equal(Records / Partitions, kafka.Broker.Replicas!.Find("retried", p)!.LogEndOffset);
        }
        var read = NumberedRecords.ReadAll(kafka.BootstrapServers, "retried", Partitions, IsolationLevel.ReadUncommitted);
        for (int p = 0; p < Partitions; p++)
        {
            Assert.Equal(NumberedRecords.Expected(p, Records / Partitions), read[p]);
        }
    }
}
