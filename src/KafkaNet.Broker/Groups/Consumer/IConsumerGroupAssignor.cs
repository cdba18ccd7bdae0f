namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// A server-side assignor of the KIP-848 protocol: computes the group's target assignment from
/// the members' subscriptions and their current target assignment. Implementations are pure and
/// deterministic: the same input always gives the same assignment.
/// </summary>
public interface IConsumerGroupAssignor
{
    /// <summary>The name members ask for (ServerAssignor) and <c>group.consumer.assignors</c> lists.</summary>
    string Name { get; }

    /// <summary>
    /// The new target assignment of every member, keyed by member id; members that get nothing map
    /// to <see cref="Assignment.Empty"/>. Only partitions of topics a member subscribes to and that
    /// <paramref name="topics"/> knows are assigned, each to exactly one member.
    /// </summary>
    IReadOnlyDictionary<string, Assignment> Assign(IReadOnlyCollection<AssignmentMemberSpec> members, ITopicDescriber topics);
}
