namespace KafkaNet.Storage.Tests.Replication;

public class HighWatermarkTests
{
    private static readonly TopicPartition Tp = new("hw", 0);

    [Fact]
    public async Task High_watermark_is_clamped_to_the_log_and_only_moves_back_by_truncation()
    {
        using var dir = new TempDir();
        using PartitionLog log = PartitionLog.Open(dir.Partition(), new LogConfig());
        Assert.Equal(0, log.HighWatermark);
        await log.AppendAsFollowerAsync(FollowerBatches.At(0, 1, records: 10));

        log.UpdateHighWatermark(50);
        Assert.Equal(10, log.HighWatermark);
        log.UpdateHighWatermark(4);
        Assert.Equal(10, log.HighWatermark);
        log.TruncateTo(5);
        Assert.Equal(0, log.HighWatermark);

        await log.AppendAsFollowerAsync(FollowerBatches.At(0, 2, records: 10));
        log.UpdateHighWatermark(6);
        log.DeleteRecordsBefore(8);
        Assert.Equal(8, log.HighWatermark);
    }

    [Fact]
    public async Task Last_stable_offset_below_a_high_watermark_is_the_lower_of_the_two()
    {
        using var dir = new TempDir();
        using PartitionLog log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(TestBatches.Make(5), 0);
        await log.AppendAsLeaderAsync(Producers.ProducerBatches.Make(77, 0, 0, records: 2, transactional: true), 0);

        Assert.Equal(5, log.LastStableOffset);
        Assert.Equal(3, log.LastStableOffsetBelow(3));
        Assert.Equal(5, log.LastStableOffsetBelow(7));
    }

    [Fact]
    public async Task High_watermark_checkpoint_survives_close_and_reopen_clamped_to_the_log()
    {
        using var dir = new TempDir();
        using (LogManager manager = LogManager.Open(dir.Path))
        {
            PartitionLog log = manager.GetOrCreateLog(Tp);
            for (int i = 0; i < 4; i++)
            {
                await log.AppendAsFollowerAsync(FollowerBatches.At(i * 5L, 1, records: 5));
            }

            log.UpdateHighWatermark(12);
        }

        string checkpoint = File.ReadAllText(Path.Combine(dir.Path, LogFileNames.ReplicationOffsetCheckpointFile));
        Assert.Equal("0\n1\nhw 0 12\n", checkpoint);
        using (LogManager manager = LogManager.Open(dir.Path))
        {
            Assert.Equal(12, manager.Logs[Tp].HighWatermark);
            manager.TruncateTo(Tp, 10);
            Assert.Equal("0\n1\nhw 0 10\n", File.ReadAllText(Path.Combine(dir.Path, LogFileNames.ReplicationOffsetCheckpointFile)));
        }

        // A checkpoint past the log end (written before a truncation that was not checkpointed) is clamped.
        OffsetCheckpointFile.Write(Path.Combine(dir.Path, LogFileNames.ReplicationOffsetCheckpointFile), new Dictionary<TopicPartition, long> { [Tp] = 99 });
        using (LogManager manager = LogManager.Open(dir.Path))
        {
            Assert.Equal(10, manager.Logs[Tp].HighWatermark);
        }
    }

    [Fact]
    public async Task Log_without_a_checkpointed_high_watermark_starts_with_all_of_it_acknowledged()
    {
        using var dir = new TempDir();
        using (LogManager manager = LogManager.Open(dir.Path))
        {
            await manager.GetOrCreateLog(Tp).AppendAsLeaderAsync(TestBatches.Make(7), 0);
        }

        File.Delete(Path.Combine(dir.Path, LogFileNames.ReplicationOffsetCheckpointFile));
        using LogManager reopened = LogManager.Open(dir.Path);
        Assert.Equal(7, reopened.Logs[Tp].HighWatermark);
    }
}
