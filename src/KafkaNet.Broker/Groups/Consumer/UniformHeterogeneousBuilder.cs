namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// The uniform assignment when members subscribe to different topics. Members keep the current
/// partitions they still subscribe to; free partitions go, topic by topic, to the least loaded
/// subscriber; then partitions move from the most to the least loaded subscriber of each topic
/// while their loads differ by two or more. Every move lowers the sum of squared loads, so the
/// balancing ends; topics are visited in the order Kafka uses (most partitions per subscriber
/// first, then fewest subscribers, then topic id).
/// </summary>
internal static class UniformHeterogeneousBuilder
{
    // Passes over all topics; each pass after the first only runs when the previous one moved something.
    private const int MaxBalancingPasses = 64;

    public static void Assign(PartitionOwners owners)
    {
        owners.KeepCurrentAssignments();
        var subscribers = Subscribers(owners);
        var topicOrder = TopicOrder(owners, subscribers);

        foreach (var t in topicOrder)
        {
            AssignFree(owners, t, subscribers[t]);
        }

        for (var pass = 0; pass < MaxBalancingPasses; pass++)
        {
            var moved = false;
            foreach (var t in topicOrder)
            {
                if (subscribers[t].Length >= 2)
                {
                    moved |= Balance(owners, t, subscribers[t]);
                }
            }
            if (!moved)
            {
                break;
            }
        }
    }

    private static int[][] Subscribers(PartitionOwners owners)
    {
        var result = new int[owners.Topics.Length][];
        for (var t = 0; t < result.Length; t++)
        {
            var list = new List<int>();
            for (var m = 0; m < owners.Members.Length; m++)
            {
                if (owners.Subscribes(m, t))
                {
                    list.Add(m);
                }
            }
            result[t] = [.. list];
        }
        return result;
    }

    private static int[] TopicOrder(PartitionOwners owners, int[][] subscribers)
    {
        var order = Enumerable.Range(0, owners.Topics.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            // partitions(a) / subscribers(a) against partitions(b) / subscribers(b), descending, without division.
            var ratio = ((long)owners.PartitionCounts[b] * subscribers[a].Length)
                .CompareTo((long)owners.PartitionCounts[a] * subscribers[b].Length);
            if (ratio != 0)
            {
                return ratio;
            }
            var count = subscribers[a].Length.CompareTo(subscribers[b].Length);
            return count != 0 ? count : owners.Topics[a].CompareTo(owners.Topics[b]);
        });
        return order;
    }

    private static void AssignFree(PartitionOwners owners, int t, int[] subscribers)
    {
        var topicOwners = owners.Owners[t];
        SortedSet<long>? byLoad = null;
        for (var partition = 0; partition < topicOwners.Length; partition++)
        {
            if (topicOwners[partition] != PartitionOwners.NoOwner)
            {
                continue;
            }
            byLoad ??= [.. subscribers.Select(m => Key(owners.Loads, m))];
            var least = Member(byLoad.Min);
            byLoad.Remove(byLoad.Min);
            owners.Assign(t, partition, least);
            byLoad.Add(Key(owners.Loads, least));
        }
    }

    private static bool Balance(PartitionOwners owners, int t, int[] subscribers)
    {
        var loads = owners.Loads;
        var topicOwners = owners.Owners[t];
        var held = new Dictionary<int, List<int>>(subscribers.Length);
        for (var partition = 0; partition < topicOwners.Length; partition++)
        {
            var owner = topicOwners[partition];
            if (owner != PartitionOwners.NoOwner)
            {
                if (!held.TryGetValue(owner, out var list))
                {
                    held.Add(owner, list = []);
                }
                list.Add(partition);
            }
        }

        // Quick exit: nothing to gain when the loads of all subscribers are within one.
        int min = int.MaxValue, max = int.MinValue;
        foreach (var m in subscribers)
        {
            min = Math.Min(min, loads[m]);
            max = Math.Max(max, loads[m]);
        }
        if (max - min <= 1)
        {
            return false;
        }

        SortedSet<long> receivers = [.. subscribers.Select(m => Key(loads, m))];
        SortedSet<long> givers = [.. held.Keys.Select(m => Key(loads, m))];
        var moved = false;
        while (givers.Count > 0)
        {
            var giver = Member(givers.Max);
            var receiver = Member(receivers.Min);
            if (loads[giver] - loads[receiver] <= 1)
            {
                break;
            }
            var giverPartitions = held[giver];
            var partition = giverPartitions[^1];
            giverPartitions.RemoveAt(giverPartitions.Count - 1);

            givers.Remove(Key(loads, giver));
            givers.Remove(Key(loads, receiver));
            receivers.Remove(Key(loads, giver));
            receivers.Remove(Key(loads, receiver));

            owners.Assign(t, partition, receiver);
            if (!held.TryGetValue(receiver, out var receiverPartitions))
            {
                held.Add(receiver, receiverPartitions = []);
            }
            receiverPartitions.Add(partition);

            if (giverPartitions.Count > 0)
            {
                givers.Add(Key(loads, giver));
            }
            givers.Add(Key(loads, receiver));
            receivers.Add(Key(loads, giver));
            receivers.Add(Key(loads, receiver));
            moved = true;
        }
        return moved;
    }

    // Orders members by load, then by index.
    private static long Key(int[] loads, int member) => ((long)loads[member] << 32) | (uint)member;

    private static int Member(long key) => (int)(key & 0xFFFF_FFFF);
}
