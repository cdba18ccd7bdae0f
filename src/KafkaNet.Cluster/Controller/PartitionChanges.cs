using KafkaNet.Broker.Metadata;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller;

/// <summary>Leader election and ISR shrinking as PartitionChangeRecords, computed against one image.</summary>
internal static class PartitionChanges
{
    /// <summary>Can this broker lead or join an ISR: registered, unfenced, not shutting down, not being removed.</summary>
    public static bool IsUsable(MetadataImage image, int brokerId, IReadOnlySet<int>? leaving = null) =>
        image.Brokers.TryGetValue(brokerId, out var b) && !b.Fenced && !b.InControlledShutdown && leaving?.Contains(brokerId) != true;

    /// <summary>
    /// Takes the <paramref name="leaving"/> brokers out of every ISR (keeping the last member) and
    /// moves leadership away from them; and gives leaderless partitions a leader when one is usable.
    /// </summary>
    public static List<PartitionChangeRecord> Rebalance(MetadataImage image, IReadOnlySet<int> leaving, bool unclean)
    {
        var changes = new List<PartitionChangeRecord>();
        foreach (var topic in image.TopicsById.Values)
        {
            foreach (var p in topic.Partitions.Values)
            {
                var record = Rebalance(image, topic.Id, p, leaving, unclean);
                if (record != null)
                {
                    changes.Add(record);
                }
            }
        }
        return changes;
    }

    private static PartitionChangeRecord? Rebalance(MetadataImage image, Guid topicId, PartitionRegistration p, IReadOnlySet<int> leaving, bool unclean)
    {
        bool touched = p.Leader == PartitionRegistration.NoLeader || p.Isr.Any(leaving.Contains);
        if (!touched)
        {
            return null;
        }
        var isr = p.Isr.Where(id => !leaving.Contains(id)).ToList();
        if (isr.Count == 0)
        {
            // An empty ISR would forget which replica has the data: the last member stays.
            isr = p.Isr.IsEmpty ? [] : [p.Isr[^1]];
        }
        int leader = p.Leader;
        if (leader == PartitionRegistration.NoLeader || leaving.Contains(leader) || !IsUsable(image, leader))
        {
            leader = ElectLeader(image, p, isr, leaving, unclean, out bool outsideIsr);
            if (outsideIsr)
            {
                isr = [leader];
            }
        }
        return Record(topicId, p, leader, isr);
    }

    /// <summary>The first replica, in replica order, in the ISR and usable; with unclean election any usable replica; else -1.</summary>
    public static int ElectLeader(MetadataImage image, PartitionRegistration p, IReadOnlyList<int> isr, IReadOnlySet<int>? leaving, bool unclean, out bool outsideIsr)
    {
        outsideIsr = false;
        foreach (int id in p.Replicas)
        {
            if (isr.Contains(id) && IsUsable(image, id, leaving))
            {
                return id;
            }
        }
        if (unclean)
        {
            foreach (int id in p.Replicas)
            {
                if (IsUsable(image, id, leaving))
                {
                    outsideIsr = true;
                    return id;
                }
            }
        }
        return PartitionRegistration.NoLeader;
    }

    /// <summary>A change setting only what differs, or null when nothing does.</summary>
    public static PartitionChangeRecord? Record(Guid topicId, PartitionRegistration p, int leader, IReadOnlyList<int> isr)
    {
        bool leaderChanged = leader != p.Leader;
        bool isrChanged = !isr.SequenceEqual(p.Isr);
        if (!leaderChanged && !isrChanged)
        {
            return null;
        }
        return new PartitionChangeRecord
        {
            TopicId = topicId,
            PartitionId = p.PartitionId,
            Leader = leaderChanged ? leader : PartitionRegistration.NoLeaderChange,
            Isr = isrChanged ? [.. isr] : null,
        };
    }

    /// <summary>Does the broker lead any partition.</summary>
    public static bool LeadsAny(MetadataImage image, int brokerId) =>
        image.TopicsById.Values.Any(t => t.Partitions.Values.Any(p => p.Leader == brokerId));
}
