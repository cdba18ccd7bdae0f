using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Groups.Classic;

/// <summary>
/// A classic (JoinGroup/SyncGroup) group: its members, generation, leader and chosen protocol, and the
/// deadlines of its rebalance. Not thread-safe: its shard's lock guards every access.
/// </summary>
public sealed class ClassicGroup : IGroup
{
    private readonly Dictionary<string, ClassicGroupMember> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _staticMembers = new(StringComparer.Ordinal);

    public ClassicGroup(string groupId, long nowMs)
    {
        GroupId = groupId;
        CurrentStateTimestampMs = nowMs;
    }

    public string GroupId { get; }

    public GroupType Type => GroupType.Classic;

    public ClassicGroupState State { get; private set; } = ClassicGroupState.Empty;

    public string StateName => State.ToString();

    public int GenerationId { get; set; }

    /// <summary>The members' protocol type, fixed by the first member to join; null while the group has none.</summary>
    public string? GroupProtocolType { get; set; }

    public string ProtocolType => GroupProtocolType ?? "";

    /// <summary>The protocol chosen for the current generation.</summary>
    public string? ProtocolName { get; set; }

    public string? LeaderId { get; set; }

    public long? CurrentStateTimestampMs { get; private set; }

    public IReadOnlyCollection<ClassicGroupMember> Members => _members.Values;

    public int MemberCount => _members.Count;

    public bool IsEmpty => _members.Count == 0;

    /// <summary>Member ids handed out by MEMBER_ID_REQUIRED (JoinGroup v4+) and the time they lapse unless they join.</summary>
    public Dictionary<string, long> PendingMembers { get; } = new(StringComparer.Ordinal);

    /// <summary>When the current join phase ends whatever happens (rebalance timeout or initial delay).</summary>
    public long JoinDeadlineMs { get; set; } = long.MaxValue;

    /// <summary>A new group's first rebalance waits for more members; this is how much more it may still wait.</summary>
    public long InitialDelayRemainingMs { get; set; }

    /// <summary>The first join of a new group is extended while members keep arriving.</summary>
    public bool InInitialDelay { get; set; }

    public bool NewMemberAdded { get; set; }

    /// <summary>Members that joined this generation must sync by then, or they are removed.</summary>
    public long SyncDeadlineMs { get; set; } = long.MaxValue;

    public ClassicGroupMember? Find(string memberId) => _members.GetValueOrDefault(memberId);

    public bool Has(string memberId) => _members.ContainsKey(memberId);

    public string? StaticMemberId(string groupInstanceId) => _staticMembers.GetValueOrDefault(groupInstanceId);

    public bool IsLeader(string memberId) => LeaderId == memberId;

    public void TransitionTo(ClassicGroupState state, long nowMs)
    {
        State = state;
        CurrentStateTimestampMs = nowMs;
    }

    public void Add(ClassicGroupMember member)
    {
        if (_members.Count == 0)
        {
            GroupProtocolType = member.ProtocolType;
        }
        _members[member.MemberId] = member;
        if (member.GroupInstanceId is { } instanceId)
        {
            _staticMembers[instanceId] = member.MemberId;
        }
        LeaderId ??= member.MemberId;
    }

    public void Remove(string memberId)
    {
        if (!_members.Remove(memberId, out var member))
        {
            return;
        }
        if (member.GroupInstanceId is { } instanceId && _staticMembers.GetValueOrDefault(instanceId) == memberId)
        {
            _staticMembers.Remove(instanceId);
        }
        if (LeaderId == memberId)
        {
            // The next leader is any member that is rejoining, else any member at all.
            LeaderId = _members.Values.FirstOrDefault(m => m.AwaitingJoin is not null)?.MemberId ?? _members.Keys.FirstOrDefault();
        }
    }

    /// <summary>A static member rejoining with a new member id takes the old one's place (and leadership).</summary>
    public ClassicGroupMember ReplaceStaticMember(string groupInstanceId, string oldMemberId, string newMemberId)
    {
        var member = _members[oldMemberId];
        _members.Remove(oldMemberId);
        member.MemberId = newMemberId;
        _members[newMemberId] = member;
        _staticMembers[groupInstanceId] = newMemberId;
        if (LeaderId == oldMemberId)
        {
            LeaderId = newMemberId;
        }
        return member;
    }

    /// <summary>Whether a member with these protocols may join: same type, and a protocol every member supports.</summary>
    public bool SupportsProtocols(string protocolType, IReadOnlyList<(string Name, byte[] Metadata)> protocols)
    {
        if (_members.Count == 0)
        {
            return protocolType.Length > 0 && protocols.Count > 0;
        }
        if (protocolType != GroupProtocolType)
        {
            return false;
        }
        foreach (var (name, _) in protocols)
        {
            if (_members.Values.All(m => m.MetadataFor(name) is not null))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The protocol every member supports that most members prefer (each votes for its first supported
    /// choice); ties go to the leader's preference order.
    /// </summary>
    public string SelectProtocol()
    {
        // Distinct: a member may list a protocol twice, and this runs on the coordinator's timer too,
        // where a throw ends the process.
        var candidates = _members.Values.First().Protocols.Select(p => p.Name)
            .Where(name => _members.Values.All(m => m.MetadataFor(name) is not null))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var votes = candidates.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
        foreach (var member in _members.Values)
        {
            string vote = member.Protocols.First(p => votes.ContainsKey(p.Name)).Name;
            votes[vote]++;
        }
        var leaderOrder = (LeaderId is not null ? _members.GetValueOrDefault(LeaderId) : null)?.Protocols.Select(p => p.Name).ToList() ?? candidates;
        return candidates.OrderByDescending(c => votes[c]).ThenBy(c => Rank(leaderOrder, c)).First();
    }

    public bool HasAllMembersJoined => PendingMembers.Count == 0 && _members.Values.All(m => m.AwaitingJoin is not null);

    public IEnumerable<ClassicGroupMember> NotYetRejoined => _members.Values.Where(m => m.AwaitingJoin is null).ToList();

    public int MaxRebalanceTimeoutMs => _members.Count == 0 ? 0 : _members.Values.Max(m => m.RebalanceTimeoutMs);

    public ErrorCode ValidateOffsetCommit(string memberId, string? groupInstanceId, int generationIdOrMemberEpoch, bool isTransactional, short apiVersion)
    {
        if (State == ClassicGroupState.Dead)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }
        if (generationIdOrMemberEpoch < 0 && State == ClassicGroupState.Empty)
        {
            // A commit from outside group management (admin tools, assigned consumers).
            return ErrorCode.None;
        }
        if (generationIdOrMemberEpoch >= 0 || memberId.Length > 0 || groupInstanceId is not null)
        {
            var error = ValidateMember(memberId, groupInstanceId);
            if (error != ErrorCode.None)
            {
                return error;
            }
            if (generationIdOrMemberEpoch != GenerationId)
            {
                return ErrorCode.IllegalGeneration;
            }
        }
        else if (!isTransactional && State != ClassicGroupState.Empty)
        {
            // TxnOffsetCommit v0-2 carries no member: such commits are taken whatever the group's state.
            return ErrorCode.UnknownMemberId;
        }
        return !isTransactional && State == ClassicGroupState.CompletingRebalance ? ErrorCode.RebalanceInProgress : ErrorCode.None;
    }

    public ErrorCode ValidateOffsetFetch(string? memberId, int memberEpoch) => ErrorCode.None;

    /// <summary>UNKNOWN_MEMBER_ID for a stranger, FENCED_INSTANCE_ID for an old incarnation of a static member.</summary>
    public ErrorCode ValidateMember(string memberId, string? groupInstanceId)
    {
        if (groupInstanceId is not null)
        {
            string? current = StaticMemberId(groupInstanceId);
            if (current is null)
            {
                return ErrorCode.UnknownMemberId;
            }
            return current == memberId ? ErrorCode.None : ErrorCode.FencedInstanceId;
        }
        return Has(memberId) ? ErrorCode.None : ErrorCode.UnknownMemberId;
    }

    public bool IsSubscribedTo(string topic)
    {
        if (ProtocolName is null || GroupProtocolType != "consumer")
        {
            return false;
        }
        foreach (var member in _members.Values)
        {
            if (member.MetadataFor(ProtocolName) is { } metadata && SubscribedTopics(metadata).Contains(topic))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The topics of a consumer-protocol subscription; a malformed one subscribes to nothing.</summary>
    private static IReadOnlyList<string> SubscribedTopics(byte[] metadata)
    {
        try
        {
            var reader = new KafkaReader(metadata);
            short version = reader.ReadInt16();
            // Newer clients send newer versions; the fields read here are in every one of them.
            return ConsumerProtocolSubscription.Read(ref reader, Math.Clamp(version, (short)0, (short)3)).Topics;
        }
        catch (KafkaProtocolException)
        {
            return [];
        }
    }

    private static int Rank(List<string> order, string name)
    {
        int index = order.IndexOf(name);
        return index < 0 ? int.MaxValue : index;
    }
}
