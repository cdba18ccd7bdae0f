using System.Buffers.Binary;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Tests.Integrity;

/// <summary>
/// A batch whose offset range is wider than its records (one written before produce checked ranges) is not served
/// after a crash: recovery of a log that is not compacted stops at it, as at any other bad batch.
/// </summary>
public class WideRangeRecoveryTests
{
    [Fact]
    public async Task Recovery_truncates_a_log_that_is_not_compacted_at_a_wide_batch()
    {
        using var dir = new TempDir();
        await WriteWithWideBatchAsync(dir.Partition());

        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());

        Assert.Equal(2, log.LogEndOffset);
        Assert.Contains("holds 1 records", Assert.Single(log.RecoveryReport).Reason);
        Assert.Equal(2, (await log.AppendAsLeaderAsync(TestBatches.Make(1), 0)).FirstOffset);
    }

    [Fact]
    public async Task Recovery_keeps_a_wide_batch_in_a_compacted_log()
    {
        using var dir = new TempDir();
        await WriteWithWideBatchAsync(dir.Partition());

        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { CleanupPolicy = "compact" });

        Assert.Empty(log.RecoveryReport.Select(r => r.Reason));
        Assert.Equal(1005, log.LogEndOffset);
    }

    [Fact]
    public async Task Leader_append_of_a_wide_batch_is_refused_and_changes_nothing()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(TestBatches.Make(2), 0);

        var refused = await Assert.ThrowsAsync<InvalidRecordBatchException>(() => log.AppendAsLeaderAsync(Wide(0), 0, checksumVerified: true));

        Assert.Equal(RecordBatchValidationResult.BadRecordCount, refused.Problem);
        Assert.Equal(2, log.LogEndOffset);
    }

    private static async Task WriteWithWideBatchAsync(string path)
    {
        using var log = PartitionLog.Open(path, new LogConfig());
        await log.AppendAsLeaderAsync(TestBatches.Make(2), 0);
        await log.AppendAsFollowerAsync(Wide(2));
        byte[] after = TestBatches.Make(2);
        RecordBatchPatch.SetBaseOffset(after, 1003);
        RecordBatchPatch.SetPartitionLeaderEpoch(after, 0);
        await log.AppendAsFollowerAsync(after);
        Assert.Equal(1005, log.LogEndOffset);
    }

    /// <summary>One record under a range of 1001 offsets, with a valid CRC.</summary>
    private static byte[] Wide(long baseOffset)
    {
        byte[] batch = TestBatches.Make(1);
        RecordBatchPatch.SetBaseOffset(batch, baseOffset);
        RecordBatchPatch.SetPartitionLeaderEpoch(batch, 0);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.LastOffsetDeltaOffset), 1000);
        RecordBatchCrc.Update(batch);
        return batch;
    }
}
