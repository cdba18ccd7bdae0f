namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// Kafka's default server-side assignor, <c>uniform</c>: balance first, stickiness second. When
/// all members subscribe to the same topics the partition counts of any two members differ by
/// at most one; with different subscriptions each topic's partitions are balanced across its
/// subscribers as far as their other topics allow. Members keep their current partitions
/// whenever balance permits. Racks are not considered, as in Kafka.
/// </summary>
public sealed class UniformAssignor : IConsumerGroupAssignor
{
    public const string AssignorName = "uniform";

    public string Name => AssignorName;

    public IReadOnlyDictionary<string, Assignment> Assign(IReadOnlyCollection<AssignmentMemberSpec> members, ITopicDescriber topics)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(topics);
        var owners = PartitionOwners.Create(members, topics);
        if (owners.Members.Length > 0 && owners.TotalPartitions > 0)
        {
            if (IsHomogeneous(owners.Members))
            {
                UniformHomogeneousBuilder.Assign(owners);
            }
            else
            {
                UniformHeterogeneousBuilder.Assign(owners);
            }
        }
        return owners.Build();
    }

    internal static bool IsHomogeneous(AssignmentMemberSpec[] members)
    {
        for (var i = 1; i < members.Length; i++)
        {
            if (!members[i].SubscribedTopicIds.SetEquals(members[0].SubscribedTopicIds))
            {
                return false;
            }
        }
        return true;
    }
}
