using KafkaNet.Broker.Shares;

namespace KafkaNet.Broker.Tests.Shares.Fetch;

/// <summary>A share-group view the test fills: members by group, one config and offset reset for every group.</summary>
internal sealed class TestShareGroupView : IShareGroupView
{
    private readonly HashSet<(string Group, string Member)> _members = [];
    private readonly Lock _gate = new();

    public SharePartitionConfig Config { get; set; } = new();

    public bool Earliest { get; set; } = true;

    public event Action<string, string>? MemberLeft;

    public TestShareGroupView Join(string groupId, params string[] memberIds)
    {
        lock (_gate)
        {
            foreach (var member in memberIds) _members.Add((groupId, member));
        }
        return this;
    }

    public void Leave(string groupId, string memberId)
    {
        lock (_gate) _members.Remove((groupId, memberId));
        MemberLeft?.Invoke(groupId, memberId);
    }

    public bool IsMember(string groupId, string memberId)
    {
        lock (_gate) return _members.Contains((groupId, memberId));
    }

    public SharePartitionConfig ConfigOf(string groupId) => Config;

    public bool StartsAtEarliest(string groupId) => Earliest;
}
