namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// A member of a consumer group that uses the KIP-848 protocol, as stored in the
/// ConsumerGroupMemberMetadata and ConsumerGroupCurrentMemberAssignment records. Immutable:
/// every change is a <c>with</c> copy, so a coordinator compares the old and new member to
/// decide which records to write.
/// </summary>
public sealed record ConsumerGroupMember
{
    private readonly string[] _subscribedTopicNames = [];

    public required string MemberId { get; init; }

    /// <summary>The group.instance.id of a static member, or null.</summary>
    public string? InstanceId { get; init; }

    public string? RackId { get; init; }

    public string ClientId { get; init; } = "";

    public string ClientHost { get; init; } = "";

    /// <summary>The subscribed topic names, kept sorted and distinct so equal subscriptions compare equal.</summary>
    public IReadOnlyList<string> SubscribedTopicNames
    {
        get => _subscribedTopicNames;
        init => _subscribedTopicNames = [.. (value ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The subscribed regular expression (RE2 syntax), or null.</summary>
    public string? SubscribedTopicRegex { get; init; }

    /// <summary>The server-side assignor the member asked for, or null for the group's default.</summary>
    public string? ServerAssignor { get; init; }

    public int RebalanceTimeoutMs { get; init; } = -1;

    public int MemberEpoch { get; init; }

    /// <summary>The epoch before the last bump, accepted from a member that missed the bump's response.</summary>
    public int PreviousMemberEpoch { get; init; } = -1;

    public MemberState State { get; init; } = MemberState.Stable;

    /// <summary>The partitions the member owns, or is being given.</summary>
    public Assignment AssignedPartitions { get; init; } = Assignment.Empty;

    /// <summary>The partitions the member must give up before it moves on.</summary>
    public Assignment PartitionsPendingRevocation { get; init; } = Assignment.Empty;

    /// <summary>Set on members that joined through JoinGroup; null for ConsumerGroupHeartbeat members.</summary>
    public ClassicMemberMetadata? ClassicMemberMetadata { get; init; }

    public bool UsesClassicProtocol => ClassicMemberMetadata is not null;

    public bool IsStatic => InstanceId is not null;

    /// <summary>Moves the member to <paramref name="memberEpoch"/>, remembering the epoch it leaves.</summary>
    public ConsumerGroupMember WithMemberEpoch(int memberEpoch)
        => this with { PreviousMemberEpoch = MemberEpoch, MemberEpoch = memberEpoch };

    public bool Equals(ConsumerGroupMember? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        return other is not null
            && MemberId == other.MemberId
            && HasSameMetadata(other)
            && HasSameCurrentAssignment(other);
    }

    public override int GetHashCode()
        => HashCode.Combine(MemberId, MemberEpoch, State, AssignedPartitions, PartitionsPendingRevocation);

    /// <summary>Whether the fields stored in the ConsumerGroupMemberMetadata record are equal.</summary>
    public bool HasSameMetadata(ConsumerGroupMember other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return InstanceId == other.InstanceId
            && RackId == other.RackId
            && ClientId == other.ClientId
            && ClientHost == other.ClientHost
            && _subscribedTopicNames.AsSpan().SequenceEqual(other._subscribedTopicNames)
            && SubscribedTopicRegex == other.SubscribedTopicRegex
            && ServerAssignor == other.ServerAssignor
            && RebalanceTimeoutMs == other.RebalanceTimeoutMs
            && Equals(ClassicMemberMetadata, other.ClassicMemberMetadata);
    }

    /// <summary>Whether the fields stored in the ConsumerGroupCurrentMemberAssignment record are equal.</summary>
    public bool HasSameCurrentAssignment(ConsumerGroupMember other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return MemberEpoch == other.MemberEpoch
            && PreviousMemberEpoch == other.PreviousMemberEpoch
            && State == other.State
            && AssignedPartitions.Equals(other.AssignedPartitions)
            && PartitionsPendingRevocation.Equals(other.PartitionsPendingRevocation);
    }
}
