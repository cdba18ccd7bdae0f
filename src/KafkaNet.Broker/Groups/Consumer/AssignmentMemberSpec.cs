namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>What an assignor knows of one member.</summary>
/// <param name="MemberId">The member id.</param>
/// <param name="InstanceId">The group.instance.id of a static member, or null.</param>
/// <param name="RackId">The member's rack, or null.</param>
/// <param name="SubscribedTopicIds">The topics the member subscribes to, by name or regular expression, resolved to ids.</param>
/// <param name="CurrentAssignment">The member's partitions in the current target assignment.</param>
public sealed record AssignmentMemberSpec(
    string MemberId,
    string? InstanceId,
    string? RackId,
    IReadOnlySet<Guid> SubscribedTopicIds,
    Assignment CurrentAssignment);
