using System.Buffers;
using System.Buffers.Binary;
using Confluent.Kafka;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage.Integrity;
using ErrorCode = KafkaNet.Protocol.ErrorCode;
using TimestampType = KafkaNet.Protocol.Records.TimestampType;

namespace KafkaNet.Broker.Tests.Hostile;

/// <summary>
/// Every check Kafka's log validator makes on a produced v2 batch, each with a batch that breaks only that rule
/// and carries a valid CRC, sent over a raw socket: Kafka's error code, nothing appended, and the partition still
/// read to its end by Confluent.Kafka and kcat.
/// </summary>
public sealed class ProduceBatchChecksTests : IAsyncLifetime
{
    private const string Topic = "checked";
    private EmbeddedKafka _kafka = null!;
    private WireSession _session = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        _kafka.CreateTopic(new TopicSpec(Topic, 1, 1, []));
        _session = await WireSession.OpenAsync(_kafka.Port);
    }

    public async Task DisposeAsync()
    {
        _session.Dispose();
        await _kafka.DisposeAsync();
    }

    public static TheoryData<string, byte[], ErrorCode> Refused() => new()
    {
        { "offset range of 524291 over 4 records", new HandMadeBatch { Values = ["a", "b", "c", "d"], LastOffsetDelta = 524290 }.ToArray(), ErrorCode.InvalidRecord },
        { "offset range of 2^31 over 1 record", new HandMadeBatch { LastOffsetDelta = int.MaxValue }.ToArray(), ErrorCode.InvalidRecord },
        { "offset range of 1001 over 1 record", new HandMadeBatch { LastOffsetDelta = 1000 }.ToArray(), ErrorCode.InvalidRecord },
        { "offset range shorter than the records", new HandMadeBatch { Values = ["a", "b", "c"], LastOffsetDelta = 1 }.ToArray(), ErrorCode.InvalidRecord },
        { "negative last offset delta", new HandMadeBatch { Values = [], LastOffsetDelta = -1, RecordCount = 0 }.ToArray(), ErrorCode.InvalidRecord },
        { "record count 0 over one record", new HandMadeBatch { RecordCount = 0 }.ToArray(), ErrorCode.InvalidRecord },
        { "negative record count", new HandMadeBatch { RecordCount = -1 }.ToArray(), ErrorCode.InvalidRecord },
        { "record count above the records carried", new HandMadeBatch { Values = ["a", "b", "c", "d"], RecordCount = 5, LastOffsetDelta = 4 }.ToArray(), ErrorCode.InvalidRecord },
        { "a record beyond the declared count", new HandMadeBatch { Values = ["a", "b", "c"], RecordCount = 2, LastOffsetDelta = 1 }.ToArray(), ErrorCode.InvalidRecord },
        { "bytes after the last record", new HandMadeBatch { Trailing = [0, 0, 0] }.ToArray(), ErrorCode.InvalidRecord },
        { "offset deltas that skip", new HandMadeBatch { RawRecords = HandMadeBatch.Records(["a", "b"], i => i * 2), Values = ["a", "b"] }.ToArray(), ErrorCode.InvalidRecord },
        { "offset deltas that repeat", new HandMadeBatch { RawRecords = HandMadeBatch.Records(["a", "b"], _ => 0), Values = ["a", "b"] }.ToArray(), ErrorCode.InvalidRecord },
        { "base offset 7", new HandMadeBatch { BaseOffset = 7 }.ToArray(), ErrorCode.InvalidRecord },
        { "control batch from a client", new HandMadeBatch { Attributes = 0x20, ProducerId = 9, ProducerEpoch = 0 }.ToArray(), ErrorCode.InvalidRecord },
        { "producer id without a base sequence", new HandMadeBatch { ProducerId = 5, ProducerEpoch = 0 }.ToArray(), ErrorCode.InvalidRecord },
        { "record length past its batch", new HandMadeBatch { RawRecords = HandMadeBatch.Record(0, 0, "x"u8.ToArray(), declaredLength: 40) }.ToArray(), ErrorCode.InvalidRecord },
        { "record length short of its fields", new HandMadeBatch { RawRecords = [.. HandMadeBatch.Record(0, 0, "xyz"u8.ToArray(), declaredLength: 5), 0, 0, 0] }.ToArray(), ErrorCode.InvalidRecord },
        { "header with a null key", new HandMadeBatch { RawRecords = HandMadeBatch.Record(0, 0, "x"u8.ToArray(), 1, [.. HandMadeBatch.Varlong(-1), .. HandMadeBatch.Varlong(-1)]) }.ToArray(), ErrorCode.InvalidRecord },
        { "negative header count", new HandMadeBatch { RawRecords = HandMadeBatch.Record(0, 0, "x"u8.ToArray(), -1) }.ToArray(), ErrorCode.InvalidRecord },
        { "header count above the headers carried", new HandMadeBatch { RawRecords = HandMadeBatch.Record(0, 0, "x"u8.ToArray(), 3, [.. HandMadeBatch.Varlong(1), (byte)'k', .. HandMadeBatch.Varlong(-1)]) }.ToArray(), ErrorCode.InvalidRecord },
        { "gzip records with an offset range of 1001", new HandMadeBatch { Compression = CompressionCodec.Gzip, LastOffsetDelta = 1000 }.ToArray(), ErrorCode.InvalidRecord },
        { "zstd records whose offset deltas skip", new HandMadeBatch { Compression = CompressionCodec.Zstd, RawRecords = HandMadeBatch.Records(["a", "b"], i => i * 3), Values = ["a", "b"] }.ToArray(), ErrorCode.InvalidRecord },
        { "lz4 records with a record beyond the count", new HandMadeBatch { Compression = CompressionCodec.Lz4, Values = ["a", "b"], RecordCount = 1, LastOffsetDelta = 0 }.ToArray(), ErrorCode.InvalidRecord },
        { "snappy section that does not inflate", Undecompressable(CompressionCodec.Snappy), ErrorCode.CorruptMessage },
        { "gzip section that inflates past 64 MiB", GzipBomb(), ErrorCode.CorruptMessage },
        { "batch length past the bytes sent", new HandMadeBatch().ToArray()[..^2], ErrorCode.InvalidRecord },
        { "fewer bytes than a batch header", new HandMadeBatch().ToArray()[..40], ErrorCode.InvalidRecord },
        { "batch length below a header", WithBatchLength(new HandMadeBatch().ToArray(), 20), ErrorCode.CorruptMessage },
        { "timestamp a day ahead of the broker", new HandMadeBatch { FirstTimestamp = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds() }.ToArray(), ErrorCode.InvalidTimestamp },
        { "valid fields under a bad CRC", BadCrc(), ErrorCode.CorruptMessage },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Batch_breaking_one_rule_gets_Kafka_error_and_appends_nothing(string what, byte[] batch, ErrorCode expected)
    {
        await ProduceAsync(new HandMadeBatch { Values = ["before"] }.ToArray(), ErrorCode.None);

        var response = await ProduceAsync(batch, expected, what);

        Assert.Equal(-1, response.BaseOffset);
        Assert.Equal(1, _kafka.Broker.Replicas!.Find(Topic, 0)!.LogEndOffset);
        await _session.AssertUsableAsync();
    }

    [Fact]
    public async Task Transactional_batch_without_a_producer_id_is_refused()
    {
        var batch = new HandMadeBatch { Attributes = 0x10 }.ToArray();

        var response = await ProduceAsync(batch, ErrorCode.InvalidRecord, transactionalId: "txn");

        Assert.Equal(-1, response.BaseOffset);
        Assert.Equal(0, _kafka.Broker.Replicas!.Find(Topic, 0)!.LogEndOffset);
    }

    [Fact]
    public async Task Partition_behind_refused_batches_is_read_to_its_end_by_Confluent_and_kcat_and_its_log_is_sound()
    {
        string[] written = ["r0", "r1", "r2", "r3", "r4"];
        byte[][] hostile =
        [
            new HandMadeBatch { Values = ["x0", "x1", "x2", "x3"], LastOffsetDelta = 524290 }.ToArray(),
            new HandMadeBatch { Values = ["x4"], LastOffsetDelta = int.MaxValue }.ToArray(),
            new HandMadeBatch { Values = ["x5"], LastOffsetDelta = 1000 }.ToArray(),
            new HandMadeBatch { Values = ["x6"], Attributes = 0x20, ProducerId = 1, ProducerEpoch = 0, LastOffsetDelta = 1000 }.ToArray(),
        ];
        for (int i = 0; i < written.Length; i++)
        {
            await ProduceAsync(new HandMadeBatch { Values = [written[i]] }.ToArray(), ErrorCode.None);
            if (i < hostile.Length)
            {
                await ProduceAsync(hostile[i], ErrorCode.InvalidRecord);
            }
        }
        var log = _kafka.Broker.Replicas!.Find(Topic, 0)!;

        var (confluent, position) = PartitionReader.WithConfluent(_kafka.BootstrapServers, Topic, Offset.Beginning);
        var kcat = await PartitionReader.WithKcatAsync(_kafka.BootstrapServers, Topic, "beginning");
        var scan = LogIntegrityScanner.ScanPartition(log.Directory, compacted: false);

        Assert.Equal(written.Length, log.LogEndOffset);
        Assert.Equal(written, confluent);
        Assert.Equal(written.Length, position);
        Assert.Equal(written, kcat);
        Assert.True(scan.IsSound, string.Join("; ", scan.Violations));
        Assert.Equal((long)written.Length, scan.Records);
    }

    [Fact]
    public async Task Max_timestamp_that_disagrees_with_the_records_is_stored_as_their_largest()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var batch = new HandMadeBatch
        {
            Values = ["a", "b", "c"],
            RawRecords = HandMadeBatch.Records(["a", "b", "c"], timestampDelta: i => i == 1 ? 500 : 0),
            FirstTimestamp = now,
            MaxTimestamp = now + 86_400_000 * 365L,
        }.ToArray();

        await ProduceAsync(batch, ErrorCode.None);

        var stored = StoredHeader();
        Assert.Equal((TimestampType.CreateTime, now + 500), (stored.TimestampType, stored.MaxTimestamp));
        Assert.Equal(now + 500, await MaxTimestampOffsetAsync());
    }

    [Fact]
    public async Task LogAppendTime_claimed_by_a_producer_on_a_CreateTime_topic_is_stored_as_CreateTime()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var batch = new HandMadeBatch { Attributes = 0x08, FirstTimestamp = now - 1000, MaxTimestamp = now + 86_400_000 * 365L }.ToArray();

        await ProduceAsync(batch, ErrorCode.None);

        var stored = StoredHeader();
        Assert.Equal((TimestampType.CreateTime, now - 1000), (stored.TimestampType, stored.MaxTimestamp));
        var (values, _) = PartitionReader.WithConfluent(_kafka.BootstrapServers, Topic, Offset.Beginning);
        Assert.Equal(["v0"], values);
    }

    private RecordBatchHeader StoredHeader()
    {
        var log = _kafka.Broker.Replicas!.Find(Topic, 0)!;
        using var read = log.Read(0, 1024 * 1024);
        Assert.NotNull(read.Region);
        var header = new byte[RecordBatchHeader.Size];
        RandomAccess.Read(read.Region.Handle, header, read.Region.Position);
        return RecordBatchHeader.Read(header);
    }

    private async Task<long> MaxTimestampOffsetAsync()
    {
        var request = new ListOffsetsRequest { ReplicaId = -1, Topics = [new() { Name = Topic, Partitions = [new() { PartitionIndex = 0, Timestamp = -3 }] }] };
        var response = await _session.SendAsync<ListOffsetsResponse>(ListOffsetsRequest.ApiKey, 7, request, flexible: true);
        var partition = response.Topics[0].Partitions[0];
        Assert.Equal(0, partition.ErrorCode);
        return partition.Timestamp;
    }

    private async Task<ProduceResponse.PartitionProduceResponse> ProduceAsync(byte[] records, ErrorCode expected, string what = "", string? transactionalId = null)
    {
        var request = new ProduceRequest
        {
            TransactionalId = transactionalId,
            Acks = 1,
            TimeoutMs = 5000,
            TopicData = [new() { Name = Topic, PartitionData = [new() { Index = 0, Records = records }] }],
        };
        var response = await _session.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, 9, request, flexible: true);
        var partition = Assert.Single(Assert.Single(response.Responses).PartitionResponses);
        Assert.True((short)expected == partition.ErrorCode, $"{what}: error {(ErrorCode)partition.ErrorCode} ({partition.ErrorMessage}), expected {expected}");
        return partition;
    }

    /// <summary>A compressed section replaced by bytes no codec reads, under a valid CRC.</summary>
    private static byte[] Undecompressable(CompressionCodec codec)
    {
        byte[] batch = new HandMadeBatch { Compression = codec, Values = ["a", "b"] }.ToArray();
        batch.AsSpan(RecordBatchHeader.Size).Fill(0xA5);
        RecordBatchCrc.Update(batch);
        return batch;
    }

    /// <summary>65 MiB of zeros gzipped to a few dozen KiB: a small batch that would inflate past the broker's bound.</summary>
    private static byte[] GzipBomb()
    {
        var compressed = new ArrayBufferWriter<byte>();
        RecordCompression.Compress(CompressionCodec.Gzip, new byte[65 * 1024 * 1024], compressed);
        return new HandMadeBatch { Compression = CompressionCodec.None, RawRecords = compressed.WrittenSpan.ToArray(), Attributes = (short)CompressionCodec.Gzip }.ToArray();
    }

    private static byte[] WithBatchLength(byte[] batch, int length)
    {
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.BatchLengthOffset), length);
        return batch;
    }

    private static byte[] BadCrc()
    {
        byte[] batch = new HandMadeBatch().ToArray();
        batch[^1] ^= 0x01;
        return batch;
    }
}
