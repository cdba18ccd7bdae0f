namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>
/// The membership of one share group (KIP-932) and its target assignment. It does no I/O: the caller passes the
/// time in milliseconds and the current topic metadata.
/// <para>
/// Any change the assignment depends on - a member joining, leaving or being fenced, a subscription change, or a
/// subscribed topic appearing, vanishing or growing - bumps the group epoch. The target assignment is then
/// recomputed at that epoch (the assignment epoch) and each member is moved straight to it on its next
/// heartbeat: share groups have no revocation phase, since a partition may be read by several members at once.
/// </para>
/// </summary>
public sealed partial class ShareGroup(string groupId, ShareGroupConfig? config = null)
{
    private readonly Dictionary<string, ShareGroupMember> _members = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, IReadOnlySet<ShareTopicPartition>> _targetAssignment =
        new Dictionary<string, IReadOnlySet<ShareTopicPartition>>();
    private IReadOnlyDictionary<string, ShareAssignableTopic> _topics = new Dictionary<string, ShareAssignableTopic>();

    public string GroupId { get; } = groupId;

    public ShareGroupConfig Config { get; internal set; } = config ?? new ShareGroupConfig();

    public int GroupEpoch { get; private set; }

    public int AssignmentEpoch { get; private set; }

    public ShareGroupState State => _members.Count == 0 ? ShareGroupState.Empty : ShareGroupState.Stable;

    public IReadOnlyCollection<ShareGroupMember> Members => _members.Values;

    public ShareGroupMember? FindMember(string memberId) => _members.GetValueOrDefault(memberId);

    /// <summary>The partitions the assignor gives <paramref name="memberId"/> at the assignment epoch.</summary>
    public IReadOnlySet<ShareTopicPartition> TargetAssignmentOf(string memberId) =>
        _targetAssignment.TryGetValue(memberId, out var partitions) ? partitions : new HashSet<ShareTopicPartition>();

    /// <summary>
    /// Takes the cluster's topics; the group epoch moves only when a topic some member subscribes to changed.
    /// </summary>
    public void UpdateTopics(IEnumerable<ShareAssignableTopic> topics)
    {
        var byName = topics.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var subscribed = SubscribedTopicNames();
        var changed = subscribed.Any(name => !Equals(_topics.GetValueOrDefault(name), byName.GetValueOrDefault(name)));
        _topics = byName;
        if (changed)
            BumpGroupEpoch();
    }

    /// <summary>Fences every member whose session ran out by <paramref name="nowMs"/>; returns their ids.</summary>
    public IReadOnlyList<string> ExpireSessions(long nowMs)
    {
        var expired = _members.Values.Where(m => m.SessionDeadlineMs <= nowMs).Select(m => m.MemberId).ToList();
        foreach (var memberId in expired)
            _members.Remove(memberId);
        if (expired.Count > 0)
            BumpGroupEpoch();
        return expired;
    }

    private HashSet<string> SubscribedTopicNames() =>
        _members.Values.SelectMany(m => m.SubscribedTopicNames).ToHashSet(StringComparer.Ordinal);

    private void BumpGroupEpoch()
    {
        GroupEpoch++;
        var members = _members.Values.Select(m => new ShareAssignorMember(m.MemberId, m.SubscribedTopicNames)).ToList();
        // The previous target is what stickiness holds on to, as members may not have caught up with it yet.
        _targetAssignment = SimpleShareAssignor.Assign(members, _topics.Values.ToList(), _targetAssignment);
        AssignmentEpoch = GroupEpoch;
    }
}
