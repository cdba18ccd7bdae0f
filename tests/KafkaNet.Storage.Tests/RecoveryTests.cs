using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Tests;

public class RecoveryTests
{
    private static string ActiveLog(PartitionLog log) => log.Segments[^1].LogPath;

    private static async Task<(string Dir, long End, string LogFile)> WriteLog(TempDir dir, int batches, LogConfig? config = null)
    {
        using var log = PartitionLog.Open(dir.Partition(), config ?? new LogConfig { IndexIntervalBytes = 100 });
        for (int i = 0; i < batches; i++)
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(4, timestamp: 1000 + i, valueSize: 40), 0);
        }

        return (dir.Partition(), log.LogEndOffset, ActiveLog(log));
    }

    [Fact]
    public async Task Torn_tail_is_truncated_and_appends_continue_at_the_next_offset()
    {
        using var dir = new TempDir();
        (string path, long end, string logFile) = await WriteLog(dir, 10);
        long goodSize = new FileInfo(logFile).Length;
        byte[] partial = TestBatches.Make(4, valueSize: 40);
        RecordBatchPatch.SetBaseOffset(partial, end);
        using (var stream = new FileStream(logFile, FileMode.Append))
        {
            stream.Write(partial, 0, partial.Length / 2);
        }

        using var log = PartitionLog.Open(path, new LogConfig());
        Assert.Equal(end, log.LogEndOffset);
        Assert.Equal(goodSize, new FileInfo(logFile).Length);
        SegmentRecoveryResult report = Assert.Single(log.RecoveryReport);
        Assert.Equal(partial.Length / 2, report.InvalidBytes);
        LogAppendInfo next = await log.AppendAsLeaderAsync(TestBatches.Make(2), 0);
        Assert.Equal(end, next.FirstOffset);
        Assert.Equal(11, TestBatches.ReadAll(log).Count);
    }

    [Fact]
    public async Task Batch_with_bad_crc_at_the_tail_is_never_served()
    {
        using var dir = new TempDir();
        (string path, long end, string logFile) = await WriteLog(dir, 5);
        byte[] bytes = File.ReadAllBytes(logFile);
        bytes[^3] ^= 0x55;
        File.WriteAllBytes(logFile, bytes);

        using var log = PartitionLog.Open(path, new LogConfig());
        Assert.Equal(end - 4, log.LogEndOffset);
        Assert.Equal(RecordBatchValidationResult.BadCrc, Assert.Single(log.RecoveryReport).Problem);
        Assert.Equal(4, TestBatches.ReadAll(log).Count);
    }

    [Fact]
    public async Task Missing_and_corrupt_indexes_are_rebuilt()
    {
        using var dir = new TempDir();
        int batchSize = TestBatches.Make(4, valueSize: 40).Length;
        var config = new LogConfig { IndexIntervalBytes = 100, SegmentBytes = batchSize * 10 };
        (string path, _, _) = await WriteLog(dir, 25, config);
        byte[] original = File.ReadAllBytes(Path.Combine(path, "00000000000000000000.index"));
        File.Delete(Path.Combine(path, "00000000000000000000.index"));
        File.WriteAllBytes(Path.Combine(path, "00000000000000000040.index"), [1, 2, 3, 4, 5]);

        using (var log = PartitionLog.Open(path, config, recoveryPoint: long.MaxValue))
        {
            Assert.Equal(100, log.LogEndOffset);
            for (long offset = 0; offset < 100; offset += 3)
            {
                using LogReadResult result = log.Read(offset, 1);
                Assert.InRange(offset, result.Region!.FirstBatchBaseOffset, result.Region.FirstBatchBaseOffset + 3);
            }
        }

        Assert.Equal(original, File.ReadAllBytes(Path.Combine(path, "00000000000000000000.index")));
    }

    [Fact]
    public async Task Clean_shutdown_marker_skips_the_scan_and_its_absence_forces_it()
    {
        using var dir = new TempDir();
        var tp = new TopicPartition("t", 0);
        string logFile;
        using (var manager = LogManager.Open(dir.Path))
        {
            PartitionLog log = manager.GetOrCreateLog(tp);
            for (int i = 0; i < 5; i++)
            {
                await log.AppendAsLeaderAsync(TestBatches.Make(4), 0);
            }

            logFile = ActiveLog(log);
        }

        Assert.True(File.Exists(Path.Combine(dir.Path, ".kafka_cleanshutdown")));
        // Damage a record payload, not a header: only a full scan (CRC) can see it.
        byte[] bytes = File.ReadAllBytes(logFile);
        bytes[^2] ^= 0x01;
        File.WriteAllBytes(logFile, bytes);

        using (var manager = LogManager.Open(dir.Path))
        {
            Assert.True(manager.HadCleanShutdown);
            Assert.Empty(manager.Logs[tp].RecoveryReport);
            Assert.False(File.Exists(Path.Combine(dir.Path, ".kafka_cleanshutdown")));
        }

        File.Delete(Path.Combine(dir.Path, ".kafka_cleanshutdown"));
        File.WriteAllLines(Path.Combine(dir.Path, "recovery-point-offset-checkpoint"), ["0", "0"]);
        using var crashed = LogManager.Open(dir.Path);
        Assert.False(crashed.HadCleanShutdown);
        Assert.Single(crashed.Logs[tp].RecoveryReport);
        Assert.Equal(16, crashed.Logs[tp].LogEndOffset);
    }

    [Fact]
    public async Task Corruption_in_the_middle_of_the_log_is_reported_not_dropped()
    {
        using var dir = new TempDir();
        int batchSize = TestBatches.Make(4, valueSize: 40).Length;
        (string path, _, _) = await WriteLog(dir, 10, new LogConfig { SegmentBytes = batchSize * 4 });
        string first = Path.Combine(path, "00000000000000000000.log");
        byte[] bytes = File.ReadAllBytes(first);
        bytes[batchSize + 70] ^= 0xFF;
        File.WriteAllBytes(first, bytes);

        var error = Assert.Throws<LogCorruptionException>(() => PartitionLog.Open(path, new LogConfig()));
        Assert.Contains("00000000000000000000.log", error.Message);
        Assert.Equal(bytes.Length, new FileInfo(first).Length);
    }

    [Fact]
    public async Task Recovery_point_checkpoint_is_written_in_kafka_text_format()
    {
        using var dir = new TempDir();
        using (var manager = LogManager.Open(dir.Path))
        {
            await manager.GetOrCreateLog(new TopicPartition("orders", 2)).AppendAsLeaderAsync(TestBatches.Make(7), 0);
            await manager.GetOrCreateLog(new TopicPartition("my-topic", 0)).AppendAsLeaderAsync(TestBatches.Make(3), 0);
        }

        string[] lines = File.ReadAllLines(Path.Combine(dir.Path, "recovery-point-offset-checkpoint"));
        Assert.Equal("0", lines[0]);
        Assert.Equal("2", lines[1]);
        Assert.Equal(["my-topic 0 3", "orders 2 7"], lines[2..].Order());
    }
}
