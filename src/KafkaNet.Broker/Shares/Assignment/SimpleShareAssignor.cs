namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>
/// The server-side share-group assignor ("simple", Kafka's only built-in one). Unlike a consumer group, a
/// partition may go to several members, so every member gets work even when members outnumber partitions.
/// <para>
/// Each partition wants <c>ceil(subscribers / partitions)</c> members of its topic ("sharing"); the slots this
/// makes are split between the members so that, when all subscribe alike, assignment sizes differ by at most
/// one. Balance comes before stickiness: a member keeps what it holds while its quota and the partition's
/// sharing allow, and only the remaining slots are handed out. Every partition of a subscribed topic ends up
/// with at least one member whenever some member subscribes to it.
/// </para>
/// </summary>
public static class SimpleShareAssignor
{
    public const string Name = "simple";

    /// <summary>
    /// Computes the target assignment. Subscribed names with no topic in <paramref name="topics"/> are ignored,
    /// as are current partitions that no longer exist or are no longer subscribed.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<ShareTopicPartition>> Assign(
        IReadOnlyCollection<ShareAssignorMember> members,
        IReadOnlyCollection<ShareAssignableTopic> topics,
        IReadOnlyDictionary<string, IReadOnlySet<ShareTopicPartition>> currentAssignment)
    {
        var plan = new ShareAssignmentPlan(members, topics);
        plan.KeepCurrent(currentAssignment);
        plan.FillShortPartitions();
        plan.CoverUnassignedPartitions();
        return plan.Result();
    }
}
