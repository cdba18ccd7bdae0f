using System.Diagnostics;
using Confluent.Kafka;
using KafkaNet.Broker.Tests.Records;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using ErrorCode = KafkaNet.Protocol.ErrorCode;

namespace KafkaNet.Broker.Tests.Embedded;

/// <summary>The embedded broker's fault hooks drive Confluent.Kafka (librdkafka) through its retry paths.</summary>
public sealed class FaultsConfluentTests() : OneTopicBrokerTest(TopicName)
{
    private const string TopicName = "faults";
    private static readonly TopicPartition Partition = new(TopicName, 0);

    [Fact]
    public async Task Dropped_produce_response_makes_the_client_retry_and_the_record_is_delivered()
    {
        Kafka.Faults.DropResponses(ApiKeys.Produce, count: 1);
        using var producer = RecordClients.Producer(Kafka.BootstrapServers);

        var delivered = await producer.ProduceAsync(Partition, new Message<Null, string> { Value = "dropped-once" });

        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        Assert.Equal(1, Kafka.Faults.Fired(ApiKeys.Produce));
        // The dropped request was written; without idempotence its retry is written again.
        Assert.Equal(2, LogEndOffset);
        var read = RecordClients.ReadFromBeginning(Kafka.BootstrapServers, Partition, 2, TimeSpan.FromSeconds(15));
        Assert.Equal(["dropped-once", "dropped-once"], read.Select(r => r.Message.Value));
    }

    [Fact]
    public async Task Failed_produces_are_retried_and_the_request_after_them_is_written_once()
    {
        Kafka.Faults.FailRequests(ApiKeys.Produce, count: 2, ErrorCode.NotLeaderOrFollower);
        using var producer = RecordClients.Producer(Kafka.BootstrapServers);

        var delivered = await producer.ProduceAsync(Partition, new Message<Null, string> { Value = "refused-twice" });

        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        Assert.Equal(0, delivered.Offset.Value);
        Assert.Equal(2, Kafka.Faults.Fired(ApiKeys.Produce));
        Assert.Equal(0, Kafka.Faults.Pending(ApiKeys.Produce));
        Assert.Equal(1, LogEndOffset); // refused requests are not processed
    }

    [Fact]
    public async Task Delayed_fetch_delays_consumption_by_at_least_the_delay()
    {
        using (var producer = RecordClients.Producer(Kafka.BootstrapServers))
        {
            await producer.ProduceAsync(Partition, new Message<Null, string> { Value = "late" });
        }
        var delay = TimeSpan.FromMilliseconds(1500);
        Kafka.Faults.DelayResponses(ApiKeys.Fetch, count: 1, delay);

        using var consumer = RecordClients.Consumer(Kafka.BootstrapServers);
        var clock = Stopwatch.StartNew();
        consumer.Assign(new TopicPartitionOffset(Partition, 0));
        ConsumeResult<Ignore, string>? result = null;
        for (int polls = 0; polls < 200 && result is null && clock.Elapsed < TimeSpan.FromSeconds(20); polls++)
        {
            result = consumer.Consume(TimeSpan.FromMilliseconds(100));
        }
        var elapsed = clock.Elapsed;
        consumer.Close();

        Assert.Equal("late", result?.Message.Value);
        Assert.True(elapsed >= delay, $"consumed after {elapsed.TotalMilliseconds} ms");
        Assert.Equal(1, Kafka.Faults.Fired(ApiKeys.Fetch));
    }

    [Fact]
    public async Task Cleared_faults_never_fire()
    {
        Kafka.Faults.DropResponses(ApiKeys.Produce, count: 3);
        Kafka.Faults.FailRequests(ApiKeys.Produce, count: 1, ErrorCode.NotLeaderOrFollower);
        Kafka.Faults.DelayResponses(ApiKeys.Fetch, count: 1, TimeSpan.FromSeconds(30));
        Kafka.Faults.Clear();
        Assert.Equal(0, Kafka.Faults.Pending(ApiKeys.Produce));
        using var producer = RecordClients.Producer(Kafka.BootstrapServers);

        var delivered = await producer.ProduceAsync(Partition, new Message<Null, string> { Value = "untouched" });

        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        Assert.Equal(0, Kafka.Faults.Fired(ApiKeys.Produce));
        Assert.Equal(1, LogEndOffset);
        var read = RecordClients.ReadFromBeginning(Kafka.BootstrapServers, Partition, 1, TimeSpan.FromSeconds(15));
        Assert.Equal("untouched", Assert.Single(read).Message.Value);
        Assert.Equal(0, Kafka.Faults.Fired(ApiKeys.Fetch));
    }

    [Fact]
    public void Acks_zero_produce_is_written_and_leaves_the_faults_pending()
    {
        Kafka.Faults.DropResponses(ApiKeys.Produce, count: 1);
        Kafka.Faults.FailRequests(ApiKeys.Produce, count: 1, ErrorCode.NotLeaderOrFollower);
        using var producer = RecordClients.Producer(Kafka.BootstrapServers, Acks.None);

        for (int i = 0; i < 20; i++)
        {
            producer.Produce(Partition, new Message<Null, string> { Value = "fire-and-forget-" + i });
        }
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        var clock = Stopwatch.StartNew();
        while (LogEndOffset < 20 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(20);
        }

        Assert.Equal(20, LogEndOffset);
        Assert.Equal(0, Kafka.Faults.Fired(ApiKeys.Produce));
        Assert.Equal(2, Kafka.Faults.Pending(ApiKeys.Produce));
    }
}
