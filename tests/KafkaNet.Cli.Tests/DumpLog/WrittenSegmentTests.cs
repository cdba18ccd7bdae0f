using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Cli.Tests.DumpLog;

/// <summary>
/// `kafkanet dump-log` over segments written here batch by batch, for what a broker does not write: metadata records
/// in Kafka's layout (this broker keeps its metadata log in another format), offset gaps, undecodable records.
/// </summary>
public sealed class WrittenSegmentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kafkanet-dump-metadata-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Metadata_records_are_printed_as_json_and_undecodable_ones_say_where()
    {
        var topicId = new Guid("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");
        using var builder = new RecordBatchBuilder { PartitionLeaderEpoch = 1 };
        builder.Append(DumpLogFixture.Time, null, MetadataRecordWriter.ToFrame(MetadataRecord.Latest(new TopicRecord { Name = "orders", TopicId = topicId })));
        builder.Append(DumpLogFixture.Time, null, new byte[] { 1, 99, 0 });
        string log = Path.Combine(_dir, "00000000000000000000.log");
        File.WriteAllBytes(log, builder.ToArray());

        var run = await DumpLogRun.RunAsync("--files", log, "--cluster-metadata-decoder", "--skip-record-metadata");
        Assert.True(run.Exit == 0, run.ToString());
        var lines = run.Out.Split('\n');
        Assert.Equal(""" payload: {"type":"TOPIC_RECORD","version":0,"data":{"name":"orders","topicId":"ChssPU5fYHGCk6S1xtfo-Q"}}""", lines[3]);
        Assert.StartsWith(" payload: Error at 1, skipping. unknown metadata record type 99", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metadata_snapshot_is_dumped_with_its_end_offset_and_epoch()
    {
        using var builder = new RecordBatchBuilder { PartitionLeaderEpoch = 3 };
        builder.Append(DumpLogFixture.Time, null, MetadataRecordWriter.ToFrame(MetadataRecord.Latest(new TopicRecord { Name = "orders" })));
        string snapshot = Path.Combine(_dir, "00000000000000000042-0000000003.checkpoint");
        File.WriteAllBytes(snapshot, builder.ToArray());

        var run = await DumpLogRun.RunAsync("--files", snapshot, "--cluster-metadata-decoder");
        Assert.True(run.Exit == 0, run.ToString());
        var lines = run.Out.Split('\n');
        Assert.Equal("Snapshot end offset: 42, epoch: 3", lines[1]);
        Assert.EndsWith("""payload: {"type":"TOPIC_RECORD","version":0,"data":{"name":"orders","topicId":"AAAAAAAAAAAAAAAAAAAAAA"}}""", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gaps_between_record_offsets_are_listed_on_stderr()
    {
        string log = Write(Batch(0, "a"), Batch(5, "b"));

        var run = await DumpLogRun.RunAsync("--files", log, "--deep-iteration");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal($"Non-consecutive offsets in {log}\n  0 is followed by 5\n", run.Error);
    }

    [Fact]
    public async Task Compressed_records_that_do_not_inflate_are_reported_and_the_dump_goes_on()
    {
        byte[] broken = Batch(0, "a", CompressionCodec.Gzip);
        broken[^3] ^= 0xFF; // in the gzip trailer; the batch CRC is fixed up, so only the records are wrong
        RecordBatchCrc.Update(broken);
        string log = Write(broken, Batch(1, "b"));

        var run = await DumpLogRun.RunAsync("--files", log, "--print-data-log");
        Assert.True(run.Exit == 0, run.ToString());
        var lines = run.Out.Split('\n');
        Assert.EndsWith("compresscodec: gzip crc: " + RecordBatchHeader.Read(broken).Crc + " isvalid: true", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("| Invalid records in the batch at position 0: ", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("baseOffset: 1 ", lines[4], StringComparison.Ordinal);
        Assert.EndsWith("key: k payload: b", lines[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_the_usage()
    {
        var run = await DumpLogRun.RunAsync("--help");
        Assert.Equal(0, run.Exit);
        Assert.Equal(Cli.Arguments.Usage.DumpLog + "\n", run.Out);
    }

    private static byte[] Batch(long baseOffset, string value, CompressionCodec codec = CompressionCodec.None)
    {
        using var builder = new RecordBatchBuilder { BaseOffset = baseOffset, PartitionLeaderEpoch = 0, Compression = codec };
        builder.Append(DumpLogFixture.Time, "k"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes(value));
        return builder.ToArray();
    }

    private string Write(params byte[][] batches)
    {
        string log = Path.Combine(_dir, "00000000000000000000.log");
        File.WriteAllBytes(log, batches.SelectMany(b => b).ToArray());
        return log;
    }
}
