using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Cli.Tests.DumpLog;

/// <summary>
/// --cluster-metadata-decoder over a segment of metadata records in Kafka's layout (a frame per record value),
/// written here because this broker keeps its own metadata log in another format.
/// </summary>
public sealed class ClusterMetadataDecoderTests : IDisposable
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
}
