using System.Buffers.Binary;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage.Integrity;

namespace KafkaNet.Storage.Tests.Integrity;

public class LogIntegrityScannerTests
{
    [Fact]
    public async Task Sound_log_over_several_segments_is_reported_with_its_counts()
    {
        using var dir = new TempDir();
        using (var log = PartitionLog.Open(dir.Partition(), new LogConfig { SegmentBytes = 400 }))
        {
            for (int i = 0; i < 6; i++)
            {
                await log.AppendAsLeaderAsync(TestBatches.Make(3, valueSize: 40, codec: i % 2 == 0 ? CompressionCodec.None : CompressionCodec.Gzip), 0);
            }
            Assert.True(log.Segments.Count > 1);
        }

        var report = Assert.Single(LogIntegrityScanner.ScanDataDirectory(dir.Path));

        Assert.True(report.IsSound, string.Join("; ", report.Violations));
        Assert.Equal((0L, 18L, 6L, 18L, 0L), (report.FirstOffset, report.NextOffset, report.Batches, report.Records, report.ControlBatches));
    }

    [Fact]
    public async Task Range_wider_than_its_records_is_a_violation_unless_the_log_is_compacted()
    {
        using var dir = new TempDir();
        using (var log = PartitionLog.Open(dir.Partition(), new LogConfig()))
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(2), 0);
            byte[] wide = TestBatches.Make(1);
            RecordBatchPatch.SetBaseOffset(wide, 2);
            BinaryPrimitives.WriteInt32BigEndian(wide.AsSpan(RecordBatchHeader.LastOffsetDeltaOffset), 1000);
            RecordBatchCrc.Update(wide);
            await log.AppendAsFollowerAsync(wide);
        }

        var strict = LogIntegrityScanner.ScanPartition(dir.Partition(), compacted: false);
        var compacted = LogIntegrityScanner.ScanPartition(dir.Partition(), compacted: true);

        Assert.Contains("holds 1 records", Assert.Single(strict.Violations));
        Assert.True(compacted.IsSound, string.Join("; ", compacted.Violations));
        Assert.Equal(1003, compacted.NextOffset);
    }

    [Fact]
    public async Task Records_that_disagree_with_the_header_and_a_torn_tail_are_both_reported()
    {
        using var dir = new TempDir();
        string logFile;
        using (var log = PartitionLog.Open(dir.Partition(), new LogConfig()))
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(3), 0);
            logFile = log.Segments[^1].LogPath;
        }
        byte[] bytes = File.ReadAllBytes(logFile);
        // The second record's offset delta (a one-byte zigzag varint after length, attributes, timestamp delta).
        int second = RecordBatchHeader.Size + 1 + bytes[RecordBatchHeader.Size] / 2;
        Assert.Equal(2, bytes[second + 3]);
        bytes[second + 3] = 8;
        RecordBatchCrc.Update(bytes);
        File.WriteAllBytes(logFile, [.. bytes, .. TestBatches.Make(2)[..30]]);

        var report = LogIntegrityScanner.ScanPartition(dir.Partition(), compacted: false);

        Assert.Equal(2, report.Violations.Count);
        Assert.Contains("record 1 has offset delta 4", report.Violations[0]);
        Assert.Contains("TooShort", report.Violations[1]);
    }
}
