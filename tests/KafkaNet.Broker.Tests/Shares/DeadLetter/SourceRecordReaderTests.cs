using System.Text;
using KafkaNet.Broker.Shares.DeadLetter;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Tests.Shares.DeadLetter;

public sealed class SourceRecordReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Reads_the_records_of_a_range_from_compressed_batches()
    {
        using var log = PartitionLog.Open(Path.Combine(_dir.Path, "orders-0"), new LogConfig());
        for (int b = 0; b < 3; b++)
        {
            using var builder = new RecordBatchBuilder { Compression = CompressionCodec.Lz4 };
            for (int i = 0; i < 4; i++)
            {
                int n = b * 4 + i;
                builder.Append(1000 + n, Encoding.UTF8.GetBytes($"k{n}"), n == 5 ? NullableBytes.Null : Encoding.UTF8.GetBytes($"v{n}"),
                    [new RecordHeaderData("n", Encoding.UTF8.GetBytes(n.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
            }
            await log.AppendAsLeaderAsync(builder.ToArray(), 0);
        }

        var records = SourceRecordReader.Read(log, 3, 9);

        Assert.Equal(Enumerable.Range(3, 7).Select(i => (long)i), records.Keys.Order());
        Assert.Equal("k3", Encoding.UTF8.GetString(records[3].Key!));
        Assert.Equal("v9", Encoding.UTF8.GetString(records[9].Value!));
        Assert.Null(records[5].Value);
        Assert.Equal(1007, records[7].Timestamp);
        Assert.Equal("7", Encoding.UTF8.GetString(records[7].Headers.Single().Value!.Value.Span));
    }

    [Fact]
    public void A_range_past_the_log_end_is_empty()
    {
        using var log = PartitionLog.Open(Path.Combine(_dir.Path, "empty-0"), new LogConfig());
        Assert.Empty(SourceRecordReader.Read(log, 0, 10));
    }

    public void Dispose() => _dir.Dispose();
}
