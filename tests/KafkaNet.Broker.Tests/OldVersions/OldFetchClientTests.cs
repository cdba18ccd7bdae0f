using System.Diagnostics;
using Confluent.Kafka;
using KafkaNet.Broker.Tests.Records;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;

namespace KafkaNet.Broker.Tests.OldVersions;

/// <summary>
/// A client told the broker is 0.9.0 (no ApiVersions; librdkafka asks for them anyway from 0.10.0 on) consumes what a
/// current producer wrote, through Metadata v0, ListOffsets v0 and Fetch v1, so as magic 0 messages without timestamps.
/// </summary>
public sealed class OldFetchClientTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task A_consumer_speaking_0_9_0_reads_records_written_as_v2_batches_through_fetch_v1()
    {
        const string Topic = "old-fetch-client";
        _kafka.CreateTopic(new TopicSpec(Topic, 1, 1, []));
        var partition = new TopicPartition(Topic, 0);
        using (var producer = RecordClients.Producer(_kafka.BootstrapServers))
        {
            await RecordClients.ProduceAsync(producer, partition, Enumerable.Range(0, 20).Select(i => $"value-{i}"));
        }

        var sent = new List<string>();
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = "old-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Error,
            ApiVersionRequest = false,
            BrokerVersionFallback = "0.9.0",
            CheckCrcs = true,
            SocketTimeoutMs = 10000,
            Debug = "protocol",
        }).SetLogHandler((_, log) =>
        {
            lock (sent)
            {
                sent.Add(log.Message);
            }
        }).Build();
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        var read = new List<ConsumeResult<Ignore, string>>();
        var clock = Stopwatch.StartNew();
        for (int polls = 0; polls < 1000 && read.Count < 20 && clock.Elapsed < TimeSpan.FromSeconds(30); polls++)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false, Message: not null } result)
            {
                read.Add(result);
            }
        }
        consumer.Close();

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"value-{i}"), read.Select(r => r.Message.Value));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), read.Select(r => r.Offset.Value));
        Assert.All(read, r => Assert.Equal(TimestampType.NotAvailable, r.Message.Timestamp.Type));
        lock (sent)
        {
            var fetches = sent.Where(m => m.Contains("Sent FetchRequest", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(fetches);
            Assert.All(fetches, m => Assert.Contains("(v1,", m, StringComparison.Ordinal));
        }
    }
}
