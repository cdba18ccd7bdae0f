using KafkaNet.Broker.Metadata;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller;

/// <summary>
/// The replica state of one partition while a reassignment starts, completes or is cancelled:
/// replicas list the target first, then the replicas being removed, as Kafka orders them.
/// </summary>
internal sealed record Reassignment(IReadOnlyList<int> Replicas, IReadOnlyList<int> Isr, int Leader, IReadOnlyList<int> Adding, IReadOnlyList<int> Removing)
{
    public static Reassignment Of(PartitionRegistration p) => new(p.Replicas, p.Isr, p.Leader, p.AddingReplicas, p.RemovingReplicas);

    /// <summary>Replicas = target ∪ current; adding = target − current; removing = current − target.</summary>
    public static Reassignment Start(PartitionRegistration p, IReadOnlyList<int> target)
    {
        var removing = p.Replicas.Where(id => !target.Contains(id)).ToList();
        var adding = target.Where(id => !p.Replicas.Contains(id)).ToList();
        return new Reassignment([.. target, .. removing], p.Isr, p.Leader, adding, removing);
    }

    /// <summary>Back to the replicas before the reassignment: the adding replicas leave the replicas and the ISR.</summary>
    public static Reassignment Revert(MetadataImage image, PartitionRegistration p)
    {
        var replicas = p.Replicas.Where(id => !p.AddingReplicas.Contains(id)).ToList();
        var isr = p.Isr.Where(replicas.Contains).ToList();
        int leader = isr.Contains(p.Leader) ? p.Leader : FirstUsable(image, replicas, isr);
        return new Reassignment(replicas, isr, leader, [], []);
    }

    /// <summary>
    /// Completed when every adding replica is in the ISR: replicas = target, ISR without the removed
    /// replicas, and a leader from the target's ISR when the old one was removed. Left as is when no
    /// member of the ISR would remain or no remaining member could lead.
    /// </summary>
    public Reassignment TryComplete(MetadataImage image)
    {
        if ((Adding.Count == 0 && Removing.Count == 0) || !Adding.All(Isr.Contains))
        {
            return this;
        }
        var replicas = Replicas.Where(id => !Removing.Contains(id)).ToList();
        var isr = Isr.Where(id => !Removing.Contains(id)).ToList();
        int leader = isr.Contains(Leader) && PartitionChanges.IsUsable(image, Leader) ? Leader : FirstUsable(image, replicas, isr);
        if (isr.Count == 0 || leader == PartitionRegistration.NoLeader)
        {
            return this;
        }
        return new Reassignment(replicas, isr, leader, [], []);
    }

    /// <summary>A change setting what differs from <paramref name="p"/>, or null when nothing does.</summary>
    public PartitionChangeRecord? Record(Guid topicId, PartitionRegistration p)
    {
        bool replicas = !Replicas.SequenceEqual(p.Replicas);
        bool isr = !Isr.SequenceEqual(p.Isr);
        bool adding = !Adding.SequenceEqual(p.AddingReplicas);
        bool removing = !Removing.SequenceEqual(p.RemovingReplicas);
        bool leader = Leader != p.Leader;
        if (!replicas && !isr && !adding && !removing && !leader)
        {
            return null;
        }
        return new PartitionChangeRecord
        {
            TopicId = topicId,
            PartitionId = p.PartitionId,
            Replicas = replicas ? [.. Replicas] : null,
            Isr = isr ? [.. Isr] : null,
            AddingReplicas = adding ? [.. Adding] : null,
            RemovingReplicas = removing ? [.. Removing] : null,
            Leader = leader ? Leader : PartitionRegistration.NoLeaderChange,
        };
    }

    // The first replica, in replica order, that is in the ISR and usable; the target's first replica is preferred.
    private static int FirstUsable(MetadataImage image, IReadOnlyList<int> replicas, IReadOnlyList<int> isr) =>
        replicas.FirstOrDefault(id => isr.Contains(id) && PartitionChanges.IsUsable(image, id), PartitionRegistration.NoLeader);
}
