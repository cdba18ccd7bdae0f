using KafkaNet.Protocol;

namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// A KIP-848 consumer group: its epoch, members, target assignment and resolved regular
/// expressions, all rebuilt from the consumer-group records of __consumer_offsets; and, not
/// persisted, the members' session and rebalance deadlines. Not thread-safe: its shard's lock
/// guards every access.
/// </summary>
public sealed class ConsumerGroup : IGroup
{
    private readonly Dictionary<string, ConsumerGroupMember> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _staticMembers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Assignment> _targetAssignment = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Dictionary<int, int>> _partitionEpochs = [];
    private readonly Dictionary<string, ResolvedRegex> _resolvedRegexes = new(StringComparer.Ordinal);

    public ConsumerGroup(string groupId)
    {
        GroupId = groupId;
    }

    public string GroupId { get; }

    public GroupType Type => GroupType.Consumer;

    /// <summary>Bumped whenever the group needs a new target assignment.</summary>
    public int GroupEpoch { get; internal set; }

    /// <summary>A hash of the subscribed topics' metadata; a change bumps the group epoch.</summary>
    public long MetadataHash { get; internal set; }

    /// <summary>The group epoch the target assignment was computed for.</summary>
    public int TargetAssignmentEpoch { get; internal set; }

    /// <summary>True once the group is deleted; requests that still hold it must not use it.</summary>
    public bool IsDeleted { get; internal set; }

    public ConsumerGroupState State
    {
        get
        {
            if (IsDeleted)
            {
                return ConsumerGroupState.Dead;
            }
            if (_members.Count == 0)
            {
                return ConsumerGroupState.Empty;
            }
            if (GroupEpoch > TargetAssignmentEpoch)
            {
                return ConsumerGroupState.Assigning;
            }
            foreach (var member in _members.Values)
            {
                if (member.State != MemberState.Stable || member.MemberEpoch != TargetAssignmentEpoch)
                {
                    return ConsumerGroupState.Reconciling;
                }
            }
            return ConsumerGroupState.Stable;
        }
    }

    public string StateName => State.ToString();

    public string ProtocolType => "consumer";

    public bool IsEmpty => _members.Count == 0;

    /// <summary>Null: offsets of an empty consumer group expire counted from their commit, as in Kafka.</summary>
    public long? CurrentStateTimestampMs => null;

    public IReadOnlyCollection<ConsumerGroupMember> Members => _members.Values;

    public int MemberCount => _members.Count;

    public IReadOnlyDictionary<string, Assignment> TargetAssignment => _targetAssignment;

    public IReadOnlyDictionary<string, ResolvedRegex> ResolvedRegexes => _resolvedRegexes;

    /// <summary>When each member's session ends unless it heartbeats.</summary>
    internal Dictionary<string, long> SessionDeadlines { get; } = new(StringComparer.Ordinal);

    /// <summary>When a member revoking partitions is fenced unless it has left the epoch it was at.</summary>
    internal Dictionary<string, (long DueMs, int MemberEpoch)> RebalanceDeadlines { get; } = new(StringComparer.Ordinal);

    public ConsumerGroupMember? Find(string memberId) => _members.GetValueOrDefault(memberId);

    public ConsumerGroupMember? StaticMember(string instanceId) =>
        _staticMembers.TryGetValue(instanceId, out var memberId) ? _members.GetValueOrDefault(memberId) : null;

    public Assignment TargetAssignmentOf(string memberId) => _targetAssignment.GetValueOrDefault(memberId) ?? Assignment.Empty;

    /// <summary>The epoch of the member that owns or is revoking a partition, or -1 when none does.</summary>
    public int CurrentPartitionEpoch(Guid topicId, int partition) =>
        _partitionEpochs.TryGetValue(topicId, out var partitions) && partitions.TryGetValue(partition, out int epoch) ? epoch : -1;

    /// <summary>How many members subscribe with this regular expression.</summary>
    public int SubscribersOf(string regex) => _members.Values.Count(m => m.SubscribedTopicRegex == regex);

    /// <summary>Adds or replaces a member, keeping the static-member index and partition owners in step.</summary>
    internal void PutMember(ConsumerGroupMember member)
    {
        if (_members.TryGetValue(member.MemberId, out var old))
        {
            RemovePartitionEpochs(old);
            if (old.InstanceId is { } oldInstance && old.InstanceId != member.InstanceId
                && _staticMembers.GetValueOrDefault(oldInstance) == old.MemberId)
            {
                _staticMembers.Remove(oldInstance);
            }
        }
        _members[member.MemberId] = member;
        if (member.InstanceId is { } instanceId)
        {
            _staticMembers[instanceId] = member.MemberId;
        }
        AddPartitionEpochs(member);
    }

    internal void RemoveMember(string memberId)
    {
        if (!_members.Remove(memberId, out var member))
        {
            return;
        }
        RemovePartitionEpochs(member);
        if (member.InstanceId is { } instanceId && _staticMembers.GetValueOrDefault(instanceId) == memberId)
        {
            _staticMembers.Remove(instanceId);
        }
        SessionDeadlines.Remove(memberId);
        RebalanceDeadlines.Remove(memberId);
    }

    internal void SetTargetAssignment(string memberId, Assignment? assignment)
    {
        if (assignment is null)
        {
            _targetAssignment.Remove(memberId);
        }
        else
        {
            _targetAssignment[memberId] = assignment;
        }
    }

    internal void SetResolvedRegex(string regex, ResolvedRegex? resolved)
    {
        if (resolved is null)
        {
            _resolvedRegexes.Remove(regex);
        }
        else
        {
            _resolvedRegexes[regex] = resolved;
        }
    }

    /// <summary>
    /// The topic names the group subscribes to, by name or through a resolved regular expression;
    /// with <paramref name="replaced"/> taken out and <paramref name="replacement"/> put in.
    /// </summary>
    public HashSet<string> SubscribedTopicNames(ConsumerGroupMember? replaced = null, ConsumerGroupMember? replacement = null)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in _members.Values)
        {
            if (replaced is null || member.MemberId != replaced.MemberId)
            {
                AddSubscription(names, member);
            }
        }
        if (replacement is not null)
        {
            AddSubscription(names, replacement);
        }
        return names;
    }

    /// <summary>The topic names one member subscribes to; an unresolved regular expression matches nothing yet.</summary>
    public IEnumerable<string> SubscribedTopicNamesOf(ConsumerGroupMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var names = member.SubscribedTopicNames.AsEnumerable();
        if (member.SubscribedTopicRegex is { Length: > 0 } regex && _resolvedRegexes.TryGetValue(regex, out var resolved))
        {
            names = names.Concat(resolved.Topics);
        }
        return names;
    }

    public ErrorCode ValidateOffsetCommit(string memberId, string? groupInstanceId, int generationIdOrMemberEpoch, bool isTransactional, short apiVersion)
    {
        if (IsDeleted)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }
        // Epoch -1 with no members: a commit from outside the group (admin tools, manual assignment).
        if (generationIdOrMemberEpoch < 0 && _members.Count == 0)
        {
            return ErrorCode.None;
        }
        if (!_members.TryGetValue(memberId, out var member))
        {
            return ErrorCode.UnknownMemberId;
        }
        if (!isTransactional && !member.UsesClassicProtocol && apiVersion < 9)
        {
            // Members of the new protocol commit with their epoch, which OffsetCommit carries from v9
            // (TxnOffsetCommit carries it as its generation id from v3).
            return ErrorCode.UnsupportedVersion;
        }
        return ValidateEpoch(member, generationIdOrMemberEpoch);
    }

    public ErrorCode ValidateOffsetFetch(string? memberId, int memberEpoch)
    {
        if (memberId is null && memberEpoch < 0)
        {
            return ErrorCode.None;
        }
        return memberId is not null && _members.TryGetValue(memberId, out var member)
            ? ValidateEpoch(member, memberEpoch)
            : ErrorCode.UnknownMemberId;
    }

    public bool IsSubscribedTo(string topic) => _members.Values.Any(m => SubscribedTopicNamesOf(m).Contains(topic, StringComparer.Ordinal));

    private static ErrorCode ValidateEpoch(ConsumerGroupMember member, int epoch) =>
        epoch == member.MemberEpoch ? ErrorCode.None
            : member.UsesClassicProtocol ? ErrorCode.IllegalGeneration : ErrorCode.StaleMemberEpoch;

    private void AddSubscription(HashSet<string> names, ConsumerGroupMember member)
    {
        foreach (var name in SubscribedTopicNamesOf(member))
        {
            names.Add(name);
        }
    }

    private void AddPartitionEpochs(ConsumerGroupMember member)
    {
        foreach (var assignment in (ReadOnlySpan<Assignment>)[member.AssignedPartitions, member.PartitionsPendingRevocation])
        {
            foreach (var topic in assignment)
            {
                if (!_partitionEpochs.TryGetValue(topic.TopicId, out var partitions))
                {
                    _partitionEpochs.Add(topic.TopicId, partitions = []);
                }
                foreach (int partition in topic.Partitions)
                {
                    partitions[partition] = member.MemberEpoch;
                }
            }
        }
    }

    private void RemovePartitionEpochs(ConsumerGroupMember member)
    {
        foreach (var assignment in (ReadOnlySpan<Assignment>)[member.AssignedPartitions, member.PartitionsPendingRevocation])
        {
            foreach (var topic in assignment)
            {
                if (!_partitionEpochs.TryGetValue(topic.TopicId, out var partitions))
                {
                    continue;
                }
                foreach (int partition in topic.Partitions)
                {
                    // Only the member's own claim goes; a newer owner's stays.
                    if (partitions.TryGetValue(partition, out int epoch) && epoch == member.MemberEpoch)
                    {
                        partitions.Remove(partition);
                    }
                }
                if (partitions.Count == 0)
                {
                    _partitionEpochs.Remove(topic.TopicId);
                }
            }
        }
    }
}
