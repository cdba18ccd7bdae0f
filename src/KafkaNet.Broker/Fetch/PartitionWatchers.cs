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

    /// <summary>Wakes every fetch watching the partition.</summary>
    public void Wake(TopicPartition partition)
    {
        if (_watchers.TryGetValue(partition, out var list))
        {
            WakeAll(list);
        }
    }

    /// <summary>Wakes the partition's fetches and forgets it (the partition was deleted).</summary>
    public void Remove(TopicPartition partition)
    {
        if (_watchers.TryRemove(partition, out var list))
        {
            WakeAll(list);
        }
    }

    private static void WakeAll(List<FetchWaiter> list)
    {
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
