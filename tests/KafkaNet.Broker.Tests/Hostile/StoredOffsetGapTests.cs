using System.Buffers.Binary;
using Confluent.Kafka;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Tests.Hostile;

/// <summary>
/// A stored batch whose offset range is wider than its records (compaction leaves such batches; a log written before
/// produce checked the range may hold them too): consumers that fetch from inside the empty part of the range still
/// reach the end of the partition.
/// </summary>
public sealed class StoredOffsetGapTests : IAsyncLifetime
{
    private const string Topic = "gapped";
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        _kafka.CreateTopic(new TopicSpec(Topic, 1, 1, []));
    }

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Theory]
    [InlineData(1000)]
    [InlineData(524290)]
    [InlineData(int.MaxValue)]
    public async Task Confluent_consumer_reads_past_a_batch_whose_range_exceeds_its_records(int lastOffsetDelta)
    {
        long end = await WriteGappedLogAsync(lastOffsetDelta);

        var (values, position) = PartitionReader.WithConfluent(_kafka.BootstrapServers, Topic, Offset.Beginning);

        Assert.Equal(["a0", "a1", "gap", "b0", "b1"], values);
        Assert.Equal(end, position);
    }

    [Fact]
    public async Task Confluent_consumer_starting_inside_the_empty_range_reaches_the_records_after_it()
    {
        long end = await WriteGappedLogAsync(1000);

        var (values, position) = PartitionReader.WithConfluent(_kafka.BootstrapServers, Topic, new Offset(500));

        Assert.Equal(["b0", "b1"], values);
        Assert.Equal(end, position);
    }

    [Theory]
    [InlineData("beginning", 1000, "a0,a1,gap,b0,b1")]
    [InlineData("500", 1000, "b0,b1")]
    [InlineData("beginning", int.MaxValue, "a0,a1,gap,b0,b1")]
    [InlineData("1000000", int.MaxValue, "b0,b1")]
    public async Task Kcat_reads_to_the_end_past_a_batch_whose_range_exceeds_its_records(string start, int lastOffsetDelta, string expected)
    {
        await WriteGappedLogAsync(lastOffsetDelta);

        var values = await PartitionReader.WithKcatAsync(_kafka.BootstrapServers, Topic, start);

        Assert.Equal(expected, string.Join(",", values));
    }

    /// <summary>a0 a1 at 0-1, one record at 2 under a range to 2+delta, then b0 b1; returns the log end.</summary>
    private async Task<long> WriteGappedLogAsync(int lastOffsetDelta)
    {
        await ProduceAsync("a0", "a1");
        var log = _kafka.Broker.Replicas!.Find(Topic, 0)!;
        using var builder = new RecordBatchBuilder();
        builder.Append(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), NullableBytes.Null, new NullableBytes("gap"u8));
        byte[] batch = builder.ToArray();
        RecordBatchPatch.SetBaseOffset(batch, log.LogEndOffset);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.LastOffsetDeltaOffset), lastOffsetDelta);
        RecordBatchCrc.Update(batch);
        await log.AppendAsFollowerAsync(batch);
        await ProduceAsync("b0", "b1");
        Assert.Equal(2L + lastOffsetDelta + 1 + 2, log.LogEndOffset);
        return log.LogEndOffset;
    }

    private async Task ProduceAsync(params string[] values)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).Build();
        foreach (string value in values)
        {
            await producer.ProduceAsync(new Confluent.Kafka.TopicPartition(Topic, 0), new Message<Null, string> { Value = value });
        }
    }
}
