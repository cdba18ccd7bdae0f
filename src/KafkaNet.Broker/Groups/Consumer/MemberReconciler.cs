using KafkaNet.Protocol;

namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// Moves one member towards its target assignment, one safe step per heartbeat, the way Kafka's
/// group coordinator reconciles members (its CurrentAssignmentBuilder). A partition is never
/// given to a member while another member still owns it or has not acknowledged its revocation:
/// the member first gives up what it must revoke (keeping the rest at its current epoch), then
/// receives the new epoch with every targeted partition that is free.
/// </summary>
public static class MemberReconciler
{
    /// <summary>
    /// The member's next state.
    /// </summary>
    /// <param name="member">The member as the group holds it.</param>
    /// <param name="targetAssignmentEpoch">The epoch of the group's target assignment.</param>
    /// <param name="targetAssignment">The member's partitions in the target assignment.</param>
    /// <param name="currentPartitionEpoch">
    /// The epoch of the member that currently owns a partition (assigned or pending revocation),
    /// or -1 when no member does.
    /// </param>
    /// <param name="ownedPartitions">
    /// The partitions the member reported in its heartbeat, or null when the heartbeat did not carry them.
    /// </param>
    /// <param name="subscribedTopicIds">
    /// When given, the member's current subscription: partitions of other topics are revoked even
    /// while the target assignment has not caught up with the subscription yet.
    /// </param>
    /// <returns>The member itself when nothing changes, otherwise an updated copy.</returns>
    /// <exception cref="ConsumerGroupException">
    /// FENCED_MEMBER_EPOCH for a member in a state this broker does not know that still owns partitions.
    /// </exception>
    public static ConsumerGroupMember Reconcile(
        ConsumerGroupMember member,
        int targetAssignmentEpoch,
        Assignment targetAssignment,
        Func<Guid, int, int> currentPartitionEpoch,
        Assignment? ownedPartitions,
        IReadOnlySet<Guid>? subscribedTopicIds = null)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(targetAssignment);
        ArgumentNullException.ThrowIfNull(currentPartitionEpoch);

        var step = new Step(member, targetAssignmentEpoch, targetAssignment, currentPartitionEpoch, ownedPartitions, subscribedTopicIds);
        switch (member.State)
        {
            case MemberState.Stable:
                return member.MemberEpoch != targetAssignmentEpoch
                    ? step.Next(member.MemberEpoch)
                    : step.DropUnsubscribed();

            case MemberState.UnrevokedPartitions:
                // Until the member stops reporting the revoked partitions it stays where it is.
                return step.Owns(member.PartitionsPendingRevocation)
                    ? step.DropUnsubscribed()
                    : step.Next(member.MemberEpoch);

            case MemberState.UnreleasedPartitions:
                return step.Next(member.MemberEpoch);

            default:
                // Written by a newer broker: start over from nothing, or fence the member so it does.
                if (ownedPartitions is null || !ownedPartitions.IsEmpty)
                {
                    throw new ConsumerGroupException(ErrorCode.FencedMemberEpoch,
                        "The consumer group member is in an unknown state. It must abandon all its partitions and rejoin.");
                }
                return step.Next(targetAssignmentEpoch);
        }
    }

    /// <summary>
    /// Checks the epoch a member sent in its heartbeat. A newer epoch than the group knows is
    /// fenced; an older one is accepted only when it is the member's previous epoch and the member
    /// owns a subset of its assignment, since the response that bumped it may have been lost.
    /// </summary>
    /// <returns><see cref="ErrorCode.None"/> or <see cref="ErrorCode.FencedMemberEpoch"/>.</returns>
    public static ErrorCode ValidateMemberEpoch(ConsumerGroupMember member, int receivedMemberEpoch, Assignment? ownedPartitions)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (receivedMemberEpoch > member.MemberEpoch)
        {
            return ErrorCode.FencedMemberEpoch;
        }
        if (receivedMemberEpoch < member.MemberEpoch
            && (receivedMemberEpoch != member.PreviousMemberEpoch
                || ownedPartitions is null
                || !ownedPartitions.IsSubsetOf(member.AssignedPartitions)))
        {
            return ErrorCode.FencedMemberEpoch;
        }
        return ErrorCode.None;
    }

    private readonly record struct Step(
        ConsumerGroupMember Member,
        int TargetEpoch,
        Assignment Target,
        Func<Guid, int, int> PartitionEpoch,
        Assignment? Owned,
        IReadOnlySet<Guid>? Subscribed)
    {
        // A member that did not report its partitions is assumed to still own them.
        public bool Owns(Assignment partitions) => Owned is null || Owned.Overlaps(partitions);

        public ConsumerGroupMember Next(int memberEpoch)
        {
            var subscribed = Subscribed;
            var target = subscribed is null ? Target : Target.WhereTopic(subscribed.Contains);
            var current = Member.AssignedPartitions;

            var kept = current.Intersect(target);
            var toRevoke = current.Difference(kept);
            var toAssign = target.Difference(kept);

            // Partitions still held elsewhere wait; the member's own pending revocations do not
            // count, since a partition only ever has one owner.
            var free = new AssignmentBuilder();
            var unreleased = false;
            foreach (var topic in toAssign)
            {
                foreach (var partition in topic.Partitions)
                {
                    if (PartitionEpoch(topic.TopicId, partition) != -1
                        && !Member.PartitionsPendingRevocation.Contains(topic.TopicId, partition))
                    {
                        unreleased = true;
                    }
                    else
                    {
                        free.Add(topic.TopicId, partition);
                    }
                }
            }

            if (!toRevoke.IsEmpty && Owns(toRevoke))
            {
                return Member.WithMemberEpoch(memberEpoch) with
                {
                    State = MemberState.UnrevokedPartitions,
                    AssignedPartitions = kept,
                    PartitionsPendingRevocation = toRevoke,
                };
            }

            return Member.WithMemberEpoch(TargetEpoch) with
            {
                State = unreleased ? MemberState.UnreleasedPartitions : MemberState.Stable,
                AssignedPartitions = free.IsEmpty ? kept : kept.Union(free.Build()),
                PartitionsPendingRevocation = Assignment.Empty,
            };
        }

        // A member at its target epoch whose subscription dropped topics gives their partitions back now.
        public ConsumerGroupMember DropUnsubscribed()
        {
            var subscribed = Subscribed;
            if (subscribed is null)
            {
                return Member;
            }
            var current = Member.AssignedPartitions;
            var kept = current.WhereTopic(subscribed.Contains);
            if (ReferenceEquals(kept, current))
            {
                return Member;
            }
            var toRevoke = Member.PartitionsPendingRevocation.Union(current.Difference(kept));
            if (Owns(toRevoke))
            {
                return Member.WithMemberEpoch(Member.MemberEpoch) with
                {
                    State = MemberState.UnrevokedPartitions,
                    AssignedPartitions = kept,
                    PartitionsPendingRevocation = toRevoke,
                };
            }
            // The member already let them go: only the assignment shrinks.
            return Member.WithMemberEpoch(Member.MemberEpoch) with { AssignedPartitions = kept };
        }
    }
}
