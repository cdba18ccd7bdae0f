namespace KafkaNet.Storage.Tests;

public class FlushTests
{
    [Fact]
    public async Task Default_policy_leaves_flushing_to_the_os()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(TestBatches.Make(5), 0);
        Assert.Equal(0, log.RecoveryPoint);
    }

    [Fact]
    public async Task Flush_messages_fsyncs_after_that_many_records()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { FlushMessages = 10 });
        await log.AppendAsLeaderAsync(TestBatches.Make(6), 0);
        Assert.Equal(0, log.RecoveryPoint);
        await log.AppendAsLeaderAsync(TestBatches.Make(6), 0);
        Assert.Equal(12, log.RecoveryPoint);
    }

    [Fact]
    public async Task Flush_ms_fsyncs_when_the_last_flush_is_that_old()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { FlushMs = 1000 }, time: time);
        await log.AppendAsLeaderAsync(TestBatches.Make(3), 0);
        Assert.Equal(0, log.RecoveryPoint);
        time.Advance(TimeSpan.FromSeconds(2));
        log.MaybeFlush();
        Assert.Equal(3, log.RecoveryPoint);
    }

    [Fact]
    public async Task Durable_append_completes_only_once_its_offsets_are_flushed()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { Durable = true });
        LogAppendInfo info = await log.AppendAsLeaderAsync(TestBatches.Make(5), 0);
        Assert.True(log.RecoveryPoint > info.LastOffset);
    }

    [Fact]
    public async Task Concurrent_durable_appends_share_fsyncs()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { Durable = true });
        const int appends = 200;
        var tasks = new Task<LogAppendInfo>[appends];
        for (int i = 0; i < appends; i++)
        {
            tasks[i] = log.AppendAsLeaderAsync(TestBatches.Make(2), 0);
        }

        LogAppendInfo[] results = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(appends * 2, log.LogEndOffset);
        Assert.All(results, r => Assert.True(r.LastOffset < log.RecoveryPoint));
        Assert.InRange(log.FlushCount, 1, appends / 2);
    }
}
