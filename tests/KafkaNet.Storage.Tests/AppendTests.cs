using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Tests;

public class AppendTests
{
    [Fact]
    public async Task Append_assigns_consecutive_offsets_and_stamps_leader_epoch_in_place()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        byte[] first = TestBatches.Make(3);
        byte[] second = TestBatches.Make(2);
        LogAppendInfo a = await log.AppendAsLeaderAsync(first, 7);
        LogAppendInfo b = await log.AppendAsLeaderAsync(second, 7);

        Assert.Equal((0L, 2L), (a.FirstOffset, a.LastOffset));
        Assert.Equal((3L, 4L), (b.FirstOffset, b.LastOffset));
        RecordBatchHeader patched = RecordBatchHeader.Read(second);
        Assert.Equal(3, patched.BaseOffset);
        Assert.Equal(7, patched.PartitionLeaderEpoch);
        Assert.True(RecordBatchCrc.IsValid(second));
        Assert.Equal(5, log.LogEndOffset);
    }

    [Fact]
    public async Task Append_of_caller_verified_batches_skips_the_crc_but_still_checks_framing()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        byte[] batch = TestBatches.Make(3);
        LogAppendInfo info = await log.AppendAsLeaderAsync(batch, 0, checksumVerified: true);
        Assert.Equal((0L, 2L), (info.FirstOffset, info.LastOffset));
        Assert.True(RecordBatchCrc.IsValid(batch));

        byte[] truncated = TestBatches.Make(3)[..^5];
        await Assert.ThrowsAsync<InvalidRecordBatchException>(() => log.AppendAsLeaderAsync(truncated, 0, checksumVerified: true));
        Assert.Equal(3, log.LogEndOffset);
    }

    [Fact]
    public async Task Several_batches_in_one_append_get_offsets_in_order()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        byte[] records = [.. TestBatches.Make(2), .. TestBatches.Make(4), .. TestBatches.Make(1)];
        LogAppendInfo info = await log.AppendAsLeaderAsync(records, 0);
        Assert.Equal((0L, 6L, 7), (info.FirstOffset, info.LastOffset, info.RecordCount));
        Assert.Equal([0L, 2, 6], TestBatches.ReadAll(log).Select(h => h.BaseOffset));
    }

    [Fact]
    public async Task Log_append_time_replaces_max_timestamp_and_keeps_crc_valid()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { LogAppendTime = true }, time: time);
        LogAppendInfo info = await log.AppendAsLeaderAsync(TestBatches.Make(3, timestamp: 5), 0);
        Assert.Equal(time.NowMs, info.LogAppendTime);
        RecordBatchHeader stored = TestBatches.ReadAll(log).Single();
        Assert.Equal(TimestampType.LogAppendTime, stored.TimestampType);
        Assert.Equal(time.NowMs, stored.MaxTimestamp);
    }

    [Fact]
    public async Task Corrupt_batch_is_refused_and_nothing_is_appended()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        byte[] good = TestBatches.Make(2);
        byte[] bad = TestBatches.Make(2);
        bad[^1] ^= 0xFF;
        var error = await Assert.ThrowsAsync<InvalidRecordBatchException>(() => log.AppendAsLeaderAsync((byte[])[.. good, .. bad], 0));
        Assert.Equal(RecordBatchValidationResult.BadCrc, error.Problem);
        Assert.Equal(0, log.LogEndOffset);
        Assert.Equal(0, log.Size);
    }

    [Fact]
    public async Task Batch_larger_than_max_message_bytes_is_refused()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { MaxMessageBytes = 100 });
        await Assert.ThrowsAsync<InvalidRecordBatchException>(() => log.AppendAsLeaderAsync(TestBatches.Make(5, valueSize: 100), 0));
    }

    [Fact]
    public async Task New_leader_epoch_is_written_to_leader_epoch_checkpoint()
    {
        using var dir = new TempDir();
        using (var log = PartitionLog.Open(dir.Partition(), new LogConfig()))
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(2), 1);
            await log.AppendAsLeaderAsync(TestBatches.Make(2), 1);
            await log.AppendAsLeaderAsync(TestBatches.Make(2), 4);
        }

        string[] lines = File.ReadAllLines(Path.Combine(dir.Partition(), "leader-epoch-checkpoint"));
        Assert.Equal(["0", "2", "1 0", "4 4"], lines);
    }

    [Fact]
    public async Task Concurrent_readers_never_see_a_partial_batch_while_one_writer_appends()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { SegmentBytes = 64 * 1024 });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        const int batches = 400;
        Task writer = Task.Run(async () =>
        {
            for (int i = 0; i < batches; i++)
            {
                await log.AppendAsLeaderAsync(TestBatches.Make(5, valueSize: 200), 0);
            }
        });
        Task[] readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            long offset = 0;
            while (offset < batches * 5 && !cts.IsCancellationRequested)
            {
                using LogReadResult result = log.Read(offset, 4096);
                if (result.Region is null)
                {
                    continue;
                }

                List<RecordBatchHeader> headers = TestBatches.Headers(result.Region.ToArray());
                Assert.True(headers[^1].LastOffset < result.LogEndOffset);
                offset = headers[^1].LastOffset + 1;
            }
        })).ToArray();
        await Task.WhenAll([writer, .. readers]);
        Assert.False(cts.IsCancellationRequested);
    }
}
