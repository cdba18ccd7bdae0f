namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>One member of a share group as the coordinator tracks it.</summary>
public sealed class ShareGroupMember(string memberId)
{
    public string MemberId { get; } = memberId;

    /// <summary>The assignment epoch the member was last brought to; 0 until its first assignment.</summary>
    public int MemberEpoch { get; internal set; }

    /// <summary>The epoch before the last bump: a heartbeat with it is still accepted in case the answer was lost.</summary>
    public int PreviousMemberEpoch { get; internal set; }

    public string? RackId { get; internal set; }

    /// <summary>The client id of the member's last heartbeat, as ShareGroupDescribe shows it.</summary>
    public string ClientId { get; internal set; } = "";

    /// <summary>The address the member's last heartbeat came from.</summary>
    public string ClientHost { get; internal set; } = "";

    public IReadOnlyList<string> SubscribedTopicNames { get; internal set; } = [];

    public IReadOnlySet<ShareTopicPartition> AssignedPartitions { get; internal set; } = new HashSet<ShareTopicPartition>();

    /// <summary>When the member is fenced unless it heartbeats again.</summary>
    public long SessionDeadlineMs { get; internal set; }
}
