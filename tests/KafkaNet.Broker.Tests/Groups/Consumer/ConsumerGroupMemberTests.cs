using KafkaNet.Broker.Groups.Consumer;
using static KafkaNet.Broker.Tests.Groups.Consumer.AssignorChecks;

namespace KafkaNet.Broker.Tests.Groups.Consumer;

public class ConsumerGroupMemberTests
{
    private static ConsumerGroupMember Sample() => new()
    {
        MemberId = "member-1",
        InstanceId = "instance-1",
        ClientId = "client",
        ClientHost = "/127.0.0.1",
        SubscribedTopicNames = ["orders", "audit", "orders"],
        ServerAssignor = "range",
        RebalanceTimeoutMs = 30000,
        MemberEpoch = 3,
        PreviousMemberEpoch = 2,
        AssignedPartitions = Assignment.Create(TopicId(1), 0, 1),
    };

    [Fact]
    public void Subscriptions_are_kept_sorted_and_distinct_so_equal_ones_compare_equal()
    {
        var member = Sample();
        Assert.Equal(["audit", "orders"], member.SubscribedTopicNames);
        Assert.Equal(member, member with { SubscribedTopicNames = ["orders", "audit"] });
        Assert.NotEqual(member, member with { SubscribedTopicNames = ["orders"] });
    }

    [Fact]
    public void Equality_covers_assignments_by_value_and_classic_metadata()
    {
        var member = Sample();
        Assert.Equal(member, member with { AssignedPartitions = Assignment.Create(TopicId(1), 1, 0) });
        Assert.NotEqual(member, member with { PartitionsPendingRevocation = Assignment.Create(TopicId(1), 2) });

        var classic = new ClassicMemberMetadata(10000, [new ClassicProtocol("range", new byte[] { 1, 2 })]);
        var sameClassic = new ClassicMemberMetadata(10000, [new ClassicProtocol("range", new byte[] { 1, 2 })]);
        Assert.Equal(member with { ClassicMemberMetadata = classic }, member with { ClassicMemberMetadata = sameClassic });
        Assert.NotEqual(member with { ClassicMemberMetadata = classic }, member);
        Assert.True((member with { ClassicMemberMetadata = classic }).UsesClassicProtocol);
    }

    [Fact]
    public void Metadata_and_assignment_changes_are_told_apart()
    {
        var member = Sample();
        var bumped = member.WithMemberEpoch(4);
        Assert.Equal((4, 3), (bumped.MemberEpoch, bumped.PreviousMemberEpoch));
        Assert.True(member.HasSameMetadata(bumped));
        Assert.False(member.HasSameCurrentAssignment(bumped));

        var resubscribed = member with { SubscribedTopicRegex = "orders-.*" };
        Assert.False(member.HasSameMetadata(resubscribed));
        Assert.True(member.HasSameCurrentAssignment(resubscribed));
    }

    [Theory]
    [InlineData(0, MemberState.Stable)]
    [InlineData(1, MemberState.UnrevokedPartitions)]
    [InlineData(2, MemberState.UnreleasedPartitions)]
    [InlineData(3, MemberState.Unknown)]
    [InlineData(-1, MemberState.Unknown)]
    public void Stored_state_bytes_map_to_Kafka_member_states(sbyte value, MemberState state)
    {
        Assert.Equal(state, MemberStates.FromValue(value));
    }

    [Fact]
    public void Member_states_are_stored_with_Kafka_values()
    {
        Assert.Equal(new sbyte[] { 0, 1, 2, 127 },
            new[] { MemberState.Stable, MemberState.UnrevokedPartitions, MemberState.UnreleasedPartitions, MemberState.Unknown }
                .Select(s => s.ToValue()));
    }
}
