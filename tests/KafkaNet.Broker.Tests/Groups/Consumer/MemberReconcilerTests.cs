using KafkaNet.Broker.Groups.Consumer;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Groups.Consumer.AssignorChecks;

namespace KafkaNet.Broker.Tests.Groups.Consumer;

public class MemberReconcilerTests
{
    private static readonly Guid T = TopicId(1);
    private static readonly Guid U = TopicId(2);
    private static readonly Func<Guid, int, int> NobodyOwns = (_, _) => -1;

    private static Assignment P(params int[] partitions) => Assignment.Create(T, partitions);

    private static ConsumerGroupMember Member(int epoch, Assignment assigned, MemberState state = MemberState.Stable, Assignment? pending = null)
        => new()
        {
            MemberId = "m",
            MemberEpoch = epoch,
            PreviousMemberEpoch = epoch - 1,
            State = state,
            AssignedPartitions = assigned,
            PartitionsPendingRevocation = pending ?? Assignment.Empty,
        };

    [Fact]
    public void A_stable_member_at_the_target_epoch_is_returned_as_is()
    {
        var member = Member(3, P(0, 1));
        Assert.Same(member, MemberReconciler.Reconcile(member, 3, P(0, 1), NobodyOwns, P(0, 1)));
    }

    [Fact]
    public void A_new_member_gets_its_free_partitions_and_the_target_epoch()
    {
        var member = Member(0, Assignment.Empty);
        var next = MemberReconciler.Reconcile(member, 1, P(0, 1, 2), NobodyOwns, Assignment.Empty);
        Assert.Equal(MemberState.Stable, next.State);
        Assert.Equal(1, next.MemberEpoch);
        Assert.Equal(0, next.PreviousMemberEpoch);
        Assert.Equal(P(0, 1, 2), next.AssignedPartitions);
    }

    [Fact]
    public void Partitions_to_revoke_keep_the_member_at_its_epoch_until_it_acknowledges()
    {
        var member = Member(1, P(0, 1, 2));
        var revoking = MemberReconciler.Reconcile(member, 2, P(0, 1), NobodyOwns, P(0, 1, 2));
        Assert.Equal(MemberState.UnrevokedPartitions, revoking.State);
        Assert.Equal(1, revoking.MemberEpoch);
        Assert.Equal(P(0, 1), revoking.AssignedPartitions);
        Assert.Equal(P(2), revoking.PartitionsPendingRevocation);

        // Still reporting partition 2, or reporting nothing: no progress.
        Assert.Same(revoking, MemberReconciler.Reconcile(revoking, 2, P(0, 1), NobodyOwns, P(0, 1, 2)));
        Assert.Same(revoking, MemberReconciler.Reconcile(revoking, 2, P(0, 1), NobodyOwns, null));

        var done = MemberReconciler.Reconcile(revoking, 2, P(0, 1), NobodyOwns, P(0, 1));
        Assert.Equal(MemberState.Stable, done.State);
        Assert.Equal(2, done.MemberEpoch);
        Assert.Equal(1, done.PreviousMemberEpoch);
        Assert.Equal(P(0, 1), done.AssignedPartitions);
        Assert.True(done.PartitionsPendingRevocation.IsEmpty);
    }

    [Fact]
    public void New_partitions_come_only_after_the_revocation_is_acknowledged()
    {
        var member = Member(1, P(0, 1));
        var revoking = MemberReconciler.Reconcile(member, 2, P(1, 2), NobodyOwns, P(0, 1));
        Assert.Equal(MemberState.UnrevokedPartitions, revoking.State);
        Assert.Equal(P(1), revoking.AssignedPartitions);
        Assert.Equal(P(0), revoking.PartitionsPendingRevocation);

        var next = MemberReconciler.Reconcile(revoking, 2, P(1, 2), NobodyOwns, P(1));
        Assert.Equal(MemberState.Stable, next.State);
        Assert.Equal(2, next.MemberEpoch);
        Assert.Equal(P(1, 2), next.AssignedPartitions);
    }

    [Fact]
    public void A_member_that_already_dropped_the_partitions_skips_the_revocation_step()
    {
        var member = Member(1, P(0, 1));
        var next = MemberReconciler.Reconcile(member, 2, P(1, 2), NobodyOwns, P(1));
        Assert.Equal(MemberState.Stable, next.State);
        Assert.Equal(2, next.MemberEpoch);
        Assert.Equal(P(1, 2), next.AssignedPartitions);
    }

    [Fact]
    public void A_member_without_owned_partitions_in_its_heartbeat_is_asked_to_revoke()
    {
        var member = Member(1, P(0, 1));
        var next = MemberReconciler.Reconcile(member, 2, P(1), NobodyOwns, null);
        Assert.Equal(MemberState.UnrevokedPartitions, next.State);
        Assert.Equal(P(0), next.PartitionsPendingRevocation);
    }

    [Fact]
    public void Partitions_still_owned_elsewhere_leave_the_member_unreleased_until_freed()
    {
        var member = Member(1, P(0));
        Func<Guid, int, int> partitionOneOwned = (topic, partition) => topic == T && partition == 1 ? 1 : -1;
        var waiting = MemberReconciler.Reconcile(member, 2, P(0, 1, 2), partitionOneOwned, P(0));
        Assert.Equal(MemberState.UnreleasedPartitions, waiting.State);
        Assert.Equal(2, waiting.MemberEpoch);
        Assert.Equal(P(0, 2), waiting.AssignedPartitions);

        var stillWaiting = MemberReconciler.Reconcile(waiting, 2, P(0, 1, 2), partitionOneOwned, P(0, 2));
        Assert.Equal((MemberState.UnreleasedPartitions, 2), (stillWaiting.State, stillWaiting.MemberEpoch));
        Assert.Equal(P(0, 2), stillWaiting.AssignedPartitions);

        var released = MemberReconciler.Reconcile(waiting, 2, P(0, 1, 2), NobodyOwns, P(0, 2));
        Assert.Equal(MemberState.Stable, released.State);
        Assert.Equal(P(0, 1, 2), released.AssignedPartitions);
    }

    [Fact]
    public void A_partition_the_member_itself_was_revoking_can_be_given_back_at_once()
    {
        var revoking = Member(1, P(0), MemberState.UnrevokedPartitions, pending: P(1));
        // The group still counts partition 1 as the member's own until the member moves on.
        Func<Guid, int, int> ownEpoch = (_, partition) => partition <= 1 ? 1 : -1;
        var next = MemberReconciler.Reconcile(revoking, 2, P(0, 1), ownEpoch, P(0));
        Assert.Equal(MemberState.Stable, next.State);
        Assert.Equal(P(0, 1), next.AssignedPartitions);
    }

    [Fact]
    public void Two_members_swapping_partitions_never_own_the_same_one()
    {
        var members = new Dictionary<string, ConsumerGroupMember>
        {
            ["a"] = Member(1, P(0)) with { MemberId = "a" },
            ["b"] = Member(1, P(1)) with { MemberId = "b" },
        };
        var target = new Dictionary<string, Assignment> { ["a"] = P(1), ["b"] = P(0) };
        // What each client reports: it drops revoked partitions before its next heartbeat.
        var owned = members.ToDictionary(kv => kv.Key, kv => kv.Value.AssignedPartitions);

        int PartitionEpoch(Guid topic, int partition)
        {
            foreach (var member in members.Values)
            {
                if (member.AssignedPartitions.Contains(topic, partition) || member.PartitionsPendingRevocation.Contains(topic, partition))
                {
                    return member.MemberEpoch;
                }
            }
            return -1;
        }

        for (var heartbeat = 0; heartbeat < 20 && members.Values.Any(m => m.State != MemberState.Stable || m.MemberEpoch != 2); heartbeat++)
        {
            var id = heartbeat % 2 == 0 ? "a" : "b";
            members[id] = MemberReconciler.Reconcile(members[id], 2, target[id], PartitionEpoch, owned[id]);
            owned[id] = members[id].AssignedPartitions;

            var a = members["a"].AssignedPartitions.Union(members["a"].PartitionsPendingRevocation);
            var b = members["b"].AssignedPartitions.Union(members["b"].PartitionsPendingRevocation);
            Assert.False(a.Overlaps(b), $"after heartbeat {heartbeat}: {a} and {b}");
        }

        Assert.Equal(P(1), members["a"].AssignedPartitions);
        Assert.Equal(P(0), members["b"].AssignedPartitions);
        Assert.All(members.Values, m => Assert.Equal((MemberState.Stable, 2), (m.State, m.MemberEpoch)));
    }

    [Fact]
    public void A_dropped_topic_is_revoked_at_the_current_epoch()
    {
        var member = Member(3, P(0).Union(Assignment.Create(U, 0)));
        var subscribedToT = new HashSet<Guid> { T };
        var next = MemberReconciler.Reconcile(member, 3, member.AssignedPartitions, NobodyOwns, member.AssignedPartitions, subscribedToT);
        Assert.Equal(MemberState.UnrevokedPartitions, next.State);
        Assert.Equal(3, next.MemberEpoch);
        Assert.Equal(P(0), next.AssignedPartitions);
        Assert.Equal(Assignment.Create(U, 0), next.PartitionsPendingRevocation);

        var alreadyDropped = MemberReconciler.Reconcile(member, 3, member.AssignedPartitions, NobodyOwns, P(0), subscribedToT);
        Assert.Equal(MemberState.Stable, alreadyDropped.State);
        Assert.Equal(P(0), alreadyDropped.AssignedPartitions);
    }

    [Fact]
    public void A_member_in_an_unknown_state_is_fenced_unless_it_owns_nothing()
    {
        var member = Member(4, P(0), MemberState.Unknown);
        var fenced = Assert.Throws<ConsumerGroupException>(() => MemberReconciler.Reconcile(member, 5, P(0), NobodyOwns, P(0)));
        Assert.Equal(ErrorCode.FencedMemberEpoch, fenced.ErrorCode);
        Assert.Throws<ConsumerGroupException>(() => MemberReconciler.Reconcile(member, 5, P(0), NobodyOwns, null));

        var next = MemberReconciler.Reconcile(member, 5, P(0, 1), NobodyOwns, Assignment.Empty);
        Assert.Equal(MemberState.Stable, next.State);
        Assert.Equal(5, next.MemberEpoch);
        Assert.Equal(P(0, 1), next.AssignedPartitions);
    }

    [Theory]
    [InlineData(5, new[] { 0 }, ErrorCode.None)]
    [InlineData(6, new[] { 0 }, ErrorCode.FencedMemberEpoch)]
    [InlineData(4, new[] { 0 }, ErrorCode.None)]
    [InlineData(4, new[] { 0, 1 }, ErrorCode.None)]
    [InlineData(4, new[] { 2 }, ErrorCode.FencedMemberEpoch)]
    [InlineData(3, new[] { 0 }, ErrorCode.FencedMemberEpoch)]
    public void A_heartbeat_epoch_is_accepted_only_if_current_or_the_previous_with_owned_partitions_inside_the_assignment(
        int received, int[] owned, ErrorCode expected)
    {
        var member = Member(5, P(0, 1)) with { PreviousMemberEpoch = 4 };
        Assert.Equal(expected, MemberReconciler.ValidateMemberEpoch(member, received, P(owned)));
    }

    [Fact]
    public void A_stale_epoch_without_owned_partitions_is_fenced()
    {
        var member = Member(5, P(0, 1)) with { PreviousMemberEpoch = 4 };
        Assert.Equal(ErrorCode.FencedMemberEpoch, MemberReconciler.ValidateMemberEpoch(member, 4, null));
        Assert.Equal(ErrorCode.None, MemberReconciler.ValidateMemberEpoch(member, 5, null));
    }
}
