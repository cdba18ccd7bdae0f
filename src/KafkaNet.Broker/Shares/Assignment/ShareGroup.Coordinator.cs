using KafkaNet.Broker.Groups;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>
/// The share group as the group coordinator holds it: one kind of <see cref="IGroup"/> beside classic and consumer
/// groups, and the setters its records restore it through when __consumer_offsets loads.
/// </summary>
public sealed partial class ShareGroup : IGroup
{
    private readonly HashSet<ShareTopicPartition> _initializedPartitions = [];

    GroupType IGroup.Type => GroupType.Share;

    public string StateName => State.ToString();

    /// <summary>Kafka names the protocol of share groups "share".</summary>
    public string ProtocolType => "share";

    public bool IsEmpty => _members.Count == 0;

    public long? CurrentStateTimestampMs => null;

    /// <summary>The target assignment, member by member.</summary>
    internal IReadOnlyDictionary<string, IReadOnlySet<ShareTopicPartition>> TargetAssignment => _targetAssignment;

    /// <summary>The partitions the group may hold delivery state for: every partition ever assigned to one of its members.</summary>
    internal IReadOnlySet<ShareTopicPartition> InitializedPartitions => _initializedPartitions;

    /// <summary>Share groups commit no offsets through OffsetCommit; Kafka answers as for a group of another type.</summary>
    public ErrorCode ValidateOffsetCommit(string memberId, string? groupInstanceId, int generationIdOrMemberEpoch, bool isTransactional, short apiVersion) =>
        ErrorCode.GroupIdNotFound;

    public ErrorCode ValidateOffsetFetch(string? memberId, int memberEpoch) => ErrorCode.GroupIdNotFound;

    public bool IsSubscribedTo(string topic) => _members.Values.Any(m => m.SubscribedTopicNames.Contains(topic, StringComparer.Ordinal));

    /// <summary>Adds the partitions now assigned to any member to <see cref="InitializedPartitions"/>; true when some were new.</summary>
    internal bool TrackAssignedPartitions()
    {
        bool added = false;
        foreach (var partition in _members.Values.SelectMany(m => m.AssignedPartitions))
        {
            added |= _initializedPartitions.Add(partition);
        }
        return added;
    }

    internal void RestoreEpochs(int? groupEpoch, int? assignmentEpoch)
    {
        GroupEpoch = groupEpoch ?? GroupEpoch;
        AssignmentEpoch = assignmentEpoch ?? AssignmentEpoch;
    }

    /// <summary>The member of that id, added (with its session starting at <paramref name="sessionDeadlineMs"/>) when missing.</summary>
    internal ShareGroupMember RestoreMember(string memberId, long sessionDeadlineMs)
    {
        if (!_members.TryGetValue(memberId, out var member))
        {
            member = new ShareGroupMember(memberId) { SessionDeadlineMs = sessionDeadlineMs };
            _members.Add(memberId, member);
        }
        return member;
    }

    internal void RemoveMember(string memberId) => _members.Remove(memberId);

    /// <summary>Sets (or, with null, removes) one member's target partitions.</summary>
    internal void RestoreTargetAssignment(string memberId, IReadOnlySet<ShareTopicPartition>? partitions)
    {
        var target = new Dictionary<string, IReadOnlySet<ShareTopicPartition>>(_targetAssignment, StringComparer.Ordinal);
        if (partitions is null)
        {
            target.Remove(memberId);
        }
        else
        {
            target[memberId] = partitions;
        }
        _targetAssignment = target;
    }

    /// <summary>Notes partitions whose state was set or deleted from outside (AlterShareGroupOffsets, DeleteShareGroupOffsets).</summary>
    internal void ChangeInitializedPartitions(IEnumerable<ShareTopicPartition> added, IEnumerable<ShareTopicPartition> removed)
    {
        _initializedPartitions.UnionWith(added);
        _initializedPartitions.ExceptWith(removed);
    }

    internal void RestoreInitializedPartitions(IEnumerable<ShareTopicPartition> partitions)
    {
        _initializedPartitions.Clear();
        _initializedPartitions.UnionWith(partitions);
    }
}
