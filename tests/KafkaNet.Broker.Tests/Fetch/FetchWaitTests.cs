using System.Diagnostics;
using KafkaNet.Broker.Fetch;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Tests.Fetch;

/// <summary>The long-poll machinery: one timer for every deadline, appends waking the fetches that watch a partition.</summary>
public sealed class FetchWaitTests
{
    private static readonly TopicPartition Partition = new("t", 0);

    [Fact]
    public async Task Each_waiter_wakes_at_its_own_deadline_never_before()
    {
        using var deadlines = new FetchDeadlines();
        long now = Stopwatch.GetTimestamp();
        var late = new FetchWaiter(now + Stopwatch.Frequency / 4);
        var early = new FetchWaiter(now + Stopwatch.Frequency / 20);
        late.Arm();
        early.Arm();
        deadlines.Add(late);
        deadlines.Add(early);

        await early.WaitAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(Stopwatch.GetTimestamp() >= early.Deadline);
        await late.WaitAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(Stopwatch.GetTimestamp() >= late.Deadline);
    }

    [Fact]
    public async Task A_wake_reaches_every_watcher_once_and_a_rearmed_waiter_waits_for_the_next()
    {
        var watchers = new PartitionWatchers();
        var first = new FetchWaiter(long.MaxValue);
        var second = new FetchWaiter(long.MaxValue);
        first.Arm();
        second.Arm();
        watchers.Watch(Partition, first);
        watchers.Watch(Partition, second);

        watchers.Wake(Partition);
        await Task.WhenAll(first.WaitAsync().AsTask(), second.WaitAsync().AsTask()).WaitAsync(TimeSpan.FromSeconds(10));

        first.Arm();
        var again = first.WaitAsync().AsTask();
        watchers.Wake(Partition);
        await Task.Delay(50);
        Assert.False(again.IsCompleted, "a wake before the waiter watched the partition again reached it");
        watchers.Watch(Partition, first);
        watchers.Wake(Partition);
        await again.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_retired_waiter_ignores_wakes()
    {
        var waiter = new FetchWaiter(long.MaxValue);
        waiter.Arm();
        waiter.Retire();
        Assert.False(waiter.TryWake());
        Assert.False(waiter.IsWaiting);
    }

    [Fact]
    public async Task Deleting_a_partition_wakes_its_fetches()
    {
        var watchers = new PartitionWatchers();
        var waiter = new FetchWaiter(long.MaxValue);
        waiter.Arm();
        watchers.Watch(Partition, waiter);
        watchers.Remove(Partition);
        await waiter.WaitAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }
}
