using System.Buffers;
using System.Collections.Concurrent;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Fetch;

/// <summary>
/// Which waiting fetches read which partition, so an append wakes exactly those. An append with
/// nobody waiting costs one dictionary lookup and allocates nothing.
/// </summary>
internal sealed class PartitionWatchers
{
    // A partition whose fetches keep timing out without appends is swept when its list reaches this.
    private const int SweepAt = 64;

    private readonly ConcurrentDictionary<TopicPartition, List<FetchWaiter>> _watchers = new();

    /// <summary>Wakes <paramref name="waiter"/> on the partition's next append (or its deletion).</summary>
    public void Watch(TopicPartition partition, FetchWaiter waiter)
    {
        var list = _watchers.GetOrAdd(partition, static _ => []);
        lock (list)
        {
            if (list.Count >= SweepAt)
            {
                list.RemoveAll(static w => !w.IsWaiting);
            }
            list.Add(waiter);
        }
    }

    /// <summary>Wakes every fetch watching the partition; they go on on this thread, after it has let go of the list.</summary>
    public void Wake(TopicPartition partition)
    {
        if (!_watchers.TryGetValue(partition, out var list))
        {
            return;
        }
        FetchWaiter[] woken;
        int count;
        lock (list)
        {
            count = list.Count;
            if (count == 0)
            {
                return;
            }
            // A pooled copy: a woken fetch may come back to this list (or append elsewhere) before the loop ends.
            woken = ArrayPool<FetchWaiter>.Shared.Rent(count);
            list.CopyTo(woken);
            list.Clear();
        }
        try
        {
            for (int i = 0; i < count; i++)
            {
                woken[i].TryWake(inline: true);
            }
        }
        finally
        {
            ArrayPool<FetchWaiter>.Shared.Return(woken, clearArray: true);
        }
    }

    /// <summary>Wakes the partition's fetches on the thread pool and forgets it (the partition was deleted).</summary>
    public void Remove(TopicPartition partition)
    {
        if (!_watchers.TryRemove(partition, out var list))
        {
            return;
        }
        lock (list)
        {
            foreach (var waiter in list)
            {
                waiter.TryWake();
            }
            list.Clear();
        }
    }
}
