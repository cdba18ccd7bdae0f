using System.Collections.Concurrent;
using Confluent.Kafka;
using KafkaNet.Broker.Tests.Records;
using KafkaNet.Embedded;
using TopicSpec = KafkaNet.Broker.Topics.TopicSpec;

namespace KafkaNet.Broker.Tests.Idempotence;

/// <summary>A real client with enable.idempotence=true, as librdkafka and the Java client default to with acks=all.</summary>
public sealed class ConfluentIdempotentProducerTests : IAsyncLifetime
{
    private const string Topic = "idempotent-client";
    private const int Records = 10_000;
    private const int Partitions = 2;
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        _kafka.CreateTopic(new TopicSpec(Topic, Partitions, 1, []));
    }

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public void Idempotent_producer_lands_every_record_once_and_in_order()
    {
        var errors = new ConcurrentQueue<string>();
        var delivered = new ConcurrentQueue<(int Index, Confluent.Kafka.TopicPartitionOffset Position)>();
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            MessageTimeoutMs = 30_000,
            SocketTimeoutMs = 10_000,
        }).SetErrorHandler((_, e) => errors.Enqueue(e.ToString())).Build())
        {
            for (int i = 0; i < Records; i++)
            {
                int index = i;
                producer.Produce(new TopicPartition(Topic, i % Partitions), new Message<Null, string> { Value = $"n-{i}" }, report =>
                {
                    if (report.Error.IsError)
                    {
                        errors.Enqueue($"record {index}: {report.Error}");
                    }
                    else
                    {
                        delivered.Enqueue((index, report.TopicPartitionOffset));
                    }
                });
            }
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
        }

        Assert.Empty(errors);
        Assert.Equal(Records, delivered.Count);
        foreach (var group in delivered.GroupBy(d => d.Position.Partition.Value))
        {
            // Record i went to partition i % Partitions as its (i / Partitions)-th record.
            Assert.All(group, d => Assert.Equal(d.Index / Partitions, d.Position.Offset.Value));
        }
        for (int p = 0; p < Partitions; p++)
        {
            var read = RecordClients.ReadFromBeginning(_kafka.BootstrapServers, new TopicPartition(Topic, p), Records / Partitions, TimeSpan.FromSeconds(60));
            Assert.Equal(Enumerable.Range(0, Records / Partitions).Select(n => $"n-{(n * Partitions) + p}"), read.Select(r => r.Message.Value));
        }
    }
}
