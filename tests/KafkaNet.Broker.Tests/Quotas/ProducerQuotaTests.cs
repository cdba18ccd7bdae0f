using System.Diagnostics;
using Confluent.Kafka;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using Xunit.Abstractions;
using static KafkaNet.Broker.Tests.Quotas.QuotaWire;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>
/// Two Confluent.Kafka producers on one broker with the default quota windows for 30 s: one whose client id has
/// producer_byte_rate=5242880, which must deliver within 10% of 5 MiB/s, and one without a quota, which must keep
/// going well beyond that rate.
/// </summary>
public sealed class ProducerQuotaTests(ITestOutputHelper output)
{
    private const double Limit = 5242880;
    private const int ValueBytes = 10_000;
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_producer_limited_to_5_MiB_per_second_delivers_at_that_rate_while_an_unlimited_one_is_unaffected()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        await kafka.CreateTopicAsync(new TopicSpec("limited", 1, 1, []));
        await kafka.CreateTopicAsync(new TopicSpec("unlimited", 1, 1, []));
        Assert.Equal(0, (await SetAsync(kafka.Port, [("client-id", "limited-producer")], ("producer_byte_rate", Limit))).ErrorCode);

        var limited = Task.Run(() => Produce(kafka, "limited-producer", "limited"));
        var unlimited = Task.Run(() => Produce(kafka, "free-producer", "unlimited"));
        double limitedRate = await limited;
        double unlimitedRate = await unlimited;

        output.WriteLine($"limited: {limitedRate / 1048576:F2} MiB/s; unlimited: {unlimitedRate / 1048576:F2} MiB/s");
        Assert.InRange(limitedRate, Limit * 0.9, Limit * 1.1);
        Assert.True(unlimitedRate > Limit * 2, $"the unlimited producer delivered only {unlimitedRate / 1048576:F2} MiB/s");
    }

    /// <summary>Produces as fast as the client lets it for <see cref="Measured"/>; value bytes delivered per second.</summary>
    private static double Produce(EmbeddedKafka kafka, string clientId, string topic)
    {
        long delivered = 0;
        var config = new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            ClientId = clientId,
            Acks = Acks.Leader,
            LingerMs = 5,
            MessageTimeoutMs = 60_000,
            QueueBufferingMaxKbytes = 16 * 1024,
        };
        using var producer = new ProducerBuilder<Null, byte[]>(config)
            .SetLogHandler((_, _) => { })
            .Build();
        var value = new byte[ValueBytes];
        // Connected and metadata known before the clock starts: the 30 s measure the quota, not the client's start-up.
        producer.Produce(topic, new Message<Null, byte[]> { Value = [] });
        producer.Flush(TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Measured)
        {
            try
            {
                producer.Produce(topic, new Message<Null, byte[]> { Value = value }, report =>
                {
                    if (report.Error.Code == ErrorCode.NoError && clock.Elapsed < Measured)
                    {
                        Interlocked.Add(ref delivered, ValueBytes);
                    }
                });
            }
            catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(5));
            }
        }
        producer.Flush(TimeSpan.FromSeconds(10));
        return Interlocked.Read(ref delivered) / Measured.TotalSeconds;
    }
}
