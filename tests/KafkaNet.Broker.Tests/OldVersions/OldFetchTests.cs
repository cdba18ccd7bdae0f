using System.Diagnostics;
using System.Text;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using KafkaNet.Protocol.Records.Legacy;
using KafkaNet.Storage;
using KafkaNet.Storage.Producers;
using ErrorCode = KafkaNet.Protocol.ErrorCode;

namespace KafkaNet.Broker.Tests.OldVersions;

/// <summary>Fetch v0-3 over a real socket: v2 batches from the log come back as magic 0 or magic 1 message sets.</summary>
public sealed class OldFetchTests : IAsyncLifetime
{
    private const int Limit = 1 << 20;
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Plain_and_gzip_batches_come_back_as_old_messages_without_the_transaction_marker(short version)
    {
        var (topic, log) = Create($"old-fetch-{version}");
        await AppendAsync(log, CompressionCodec.None, "a", "b", "c");
        await log.AppendAsLeaderAsync(ControlBatchBuilder.EndTxnMarker(producerId: 7, producerEpoch: 0, coordinatorEpoch: 0, commit: true, timestamp: 5), 0, false, AppendOrigin.Replication);
        await AppendAsync(log, CompressionCodec.Gzip, "d", "e", "f");

        var partition = await FetchAsync(topic, version, offset: 0);

        Assert.Equal(0, partition.ErrorCode);
        Assert.Equal(7, partition.HighWatermark);
        using var set = Read(partition);
        byte magic = version <= 1 ? LegacyMessageFormat.Magic0 : LegacyMessageFormat.Magic1;
        Assert.All(set.Messages, m => Assert.Equal(magic, m.Magic));
        Assert.Equal([0L, 1L, 2L, 4L, 5L, 6L], set.Messages.Select(m => m.Offset));
        Assert.Equal(["a", "b", "c", "d", "e", "f"], set.Messages.Select(m => Text(m.Value)));
        Assert.All(set.Messages, m => Assert.Equal("key", Text(m.Key)));
        long[] expected = magic == LegacyMessageFormat.Magic1 ? [1000, 1001, 1002, 1000, 1001, 1002] : [-1, -1, -1, -1, -1, -1];
        Assert.Equal(expected, set.Messages.Select(m => m.Timestamp));
        Assert.Equal(CompressionCodec.Gzip, set.SourceCompression);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_fetch_offset_inside_a_compressed_batch_drops_the_records_before_it(short version)
    {
        var (topic, log) = Create($"old-fetch-mid-{version}");
        await AppendAsync(log, CompressionCodec.Gzip, "a", "b", "c", "d");

        var partition = await FetchAsync(topic, version, offset: 2);

        using var set = Read(partition);
        Assert.Equal([2L, 3L], set.Messages.Select(m => m.Offset));
        Assert.Equal(["c", "d"], set.Messages.Select(m => Text(m.Value)));
    }

    [Fact]
    public async Task Partition_max_bytes_below_one_message_still_gives_exactly_one()
    {
        var (topic, log) = Create("old-fetch-small");
        await AppendAsync(log, CompressionCodec.None, "a", "b", "c");

        var partition = await FetchAsync(topic, version: 2, offset: 0, partitionMaxBytes: 10);

        using var set = Read(partition);
        Assert.Equal([0L], set.Messages.Select(m => m.Offset));
        Assert.Equal(3, partition.HighWatermark);
    }

    [Fact]
    public async Task V3_response_max_bytes_limits_the_later_partitions()
    {
        var (firstTopic, first) = Create("old-fetch-budget-a");
        var (secondTopic, second) = Create("old-fetch-budget-b");
        await AppendAsync(first, CompressionCodec.None, "a", "b", "c");
        await AppendAsync(second, CompressionCodec.None, "x");

        // One magic 1 message of key "key" and value "a" is 12 + 14 + 3 + 1 = 30 bytes.
        var response = await SendAsync(3, Request(0, 40, 2, (firstTopic, 0), (secondTopic, 0)));

        var partitions = response.Responses.Select(t => Assert.Single(t.Partitions)).ToList();
        using var a = Read(partitions[0]);
        Assert.Equal([0L], a.Messages.Select(m => m.Offset));
        Assert.True(partitions[1].Records is not { IsEmpty: false }, "the second partition should not fit in the response's max bytes");
    }

    [Fact]
    public async Task A_long_poll_is_woken_by_an_append()
    {
        var (topic, log) = Create("old-fetch-wait");
        await AppendAsync(log, CompressionCodec.None, "a");
        var watch = Stopwatch.StartNew();

        var fetch = SendAsync(1, Request(10_000, int.MaxValue, 1, (topic, 1)));
        await Task.Delay(300);
        Assert.False(fetch.IsCompleted, "the fetch should wait for min bytes");
        await AppendAsync(log, CompressionCodec.None, "b");
        _kafka.Broker.Replicas!.NotifyAppended(topic, 0); // as the produce path does after an append
        var response = await fetch.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(9), $"woken only after {watch.Elapsed}");
        using var set = Read(Assert.Single(Assert.Single(response.Responses).Partitions));
        Assert.Equal(["b"], set.Messages.Select(m => Text(m.Value)));
        Assert.Equal([1L], set.Messages.Select(m => m.Offset));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task Zstd_data_answers_unsupported_compression_type(short version)
    {
        var (topic, log) = Create($"old-fetch-zstd-{version}");
        await AppendAsync(log, CompressionCodec.Zstd, "a", "b");

        var partition = await FetchAsync(topic, version, offset: 0);

        Assert.Equal(ErrorCode.UnsupportedCompressionType, (ErrorCode)partition.ErrorCode);
        Assert.True(partition.Records is not { IsEmpty: false });
    }

    private (string Topic, PartitionLog Log) Create(string topic)
    {
        _kafka.CreateTopic(new TopicSpec(topic, 1, 1, []));
        return (topic, _kafka.Broker.Replicas!.Find(topic, 0)!);
    }

    private static async Task AppendAsync(PartitionLog log, CompressionCodec codec, params string[] values)
    {
        using var builder = new RecordBatchBuilder { Compression = codec };
        RecordHeaderData[] headers = [new RecordHeaderData("h", Bytes("hv"))];
        for (int i = 0; i < values.Length; i++)
        {
            builder.Append(1000 + i, Bytes("key"), Bytes(values[i]), headers);
        }
        await log.AppendAsLeaderAsync(builder.ToArray(), 0);
    }

    private async Task<FetchResponse.PartitionData> FetchAsync(string topic, short version, long offset, int partitionMaxBytes = Limit)
    {
        var response = await SendAsync(version, Request(0, Limit, partitionMaxBytes, (topic, offset)));
        return Assert.Single(Assert.Single(response.Responses).Partitions);
    }

    private async Task<FetchResponse> SendAsync(short version, FetchRequest request)
    {
        using var session = await WireSession.OpenAsync(_kafka.Port);
        return await session.SendAsync<FetchResponse>(FetchRequest.ApiKey, version, request, flexible: false);
    }

    private static FetchRequest Request(int maxWaitMs, int maxBytes, int partitionMaxBytes, params (string Topic, long Offset)[] partitions) => new()
    {
        ReplicaId = -1,
        MaxWaitMs = maxWaitMs,
        MinBytes = 1,
        MaxBytes = maxBytes,
        Topics = [.. partitions.Select(p => new FetchRequest.FetchTopic
        {
            Topic = p.Topic,
            Partitions = [new() { Partition = 0, FetchOffset = p.Offset, PartitionMaxBytes = partitionMaxBytes }],
        })],
    };

    private static LegacyMessageSet Read(FetchResponse.PartitionData partition)
    {
        Assert.Equal(0, partition.ErrorCode);
        var set = LegacyMessageSetReader.Read(partition.Records ?? ReadOnlyMemory<byte>.Empty, Limit, allowPartialTrailingMessage: true);
        Assert.True(set.IsValid, set.Error.ToString());
        return set;
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string? Text(ReadOnlyMemory<byte>? bytes) => bytes is { } b ? Encoding.UTF8.GetString(b.Span) : null;
}
