using KafkaNet.Broker.Shares;

namespace KafkaNet.Broker.Groups.Share;

/// <summary>The share-partition leader's view of share groups, answered by this broker's group coordinator.</summary>
internal sealed class CoordinatorShareGroupView : IShareGroupView
{
    private readonly GroupCoordinator _groups;

    public CoordinatorShareGroupView(GroupCoordinator groups)
    {
        _groups = groups;
        groups.ShareMemberLeft += (groupId, memberId) => MemberLeft?.Invoke(groupId, memberId);
    }

    public event Action<string, string>? MemberLeft;

    public bool IsMember(string groupId, string memberId) => _groups.IsShareGroupMember(groupId, memberId);

    public SharePartitionConfig ConfigOf(string groupId) => _groups.ShareSettingsOf(groupId).Partition;

    public bool StartsAtEarliest(string groupId) => _groups.ShareSettingsOf(groupId).StartsAtEarliest;
}
