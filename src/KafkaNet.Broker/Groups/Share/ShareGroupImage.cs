using KafkaNet.Broker.Shares.Assignment;

namespace KafkaNet.Broker.Groups.Share;

/// <summary>
/// What a share group's records describe, taken before and after a change so that only the records that differ
/// are written.
/// </summary>
internal sealed record ShareGroupImage(
    int GroupEpoch,
    int AssignmentEpoch,
    IReadOnlyDictionary<string, ShareGroupImage.MemberImage> Members,
    IReadOnlyDictionary<string, IReadOnlySet<ShareTopicPartition>> Target,
    IReadOnlySet<ShareTopicPartition> InitializedPartitions)
{
    public static readonly ShareGroupImage None = new(0, 0, new Dictionary<string, MemberImage>(), new Dictionary<string, IReadOnlySet<ShareTopicPartition>>(),
        new HashSet<ShareTopicPartition>());

    public static ShareGroupImage Of(ShareGroup group) => new(
        group.GroupEpoch,
        group.AssignmentEpoch,
        group.Members.ToDictionary(m => m.MemberId, MemberImage.Of, StringComparer.Ordinal),
        group.TargetAssignment,
        group.InitializedPartitions.ToHashSet());

    /// <summary>One member: its metadata (subscription and client) and its current assignment.</summary>
    internal sealed record MemberImage(
        int MemberEpoch, int PreviousMemberEpoch, IReadOnlySet<ShareTopicPartition> Assigned,
        string? RackId, IReadOnlyList<string> SubscribedTopicNames, string ClientId, string ClientHost)
    {
        public static MemberImage Of(ShareGroupMember member) => new(
            member.MemberEpoch, member.PreviousMemberEpoch, member.AssignedPartitions,
            member.RackId, member.SubscribedTopicNames, member.ClientId, member.ClientHost);

        public bool SameMetadata(MemberImage other) =>
            RackId == other.RackId && ClientId == other.ClientId && ClientHost == other.ClientHost
            && SubscribedTopicNames.SequenceEqual(other.SubscribedTopicNames, StringComparer.Ordinal);

        public bool SameAssignment(MemberImage other) =>
            MemberEpoch == other.MemberEpoch && PreviousMemberEpoch == other.PreviousMemberEpoch && Assigned.SetEquals(other.Assigned);
    }
}
