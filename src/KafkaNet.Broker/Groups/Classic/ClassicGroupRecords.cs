using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Groups.Classic;

/// <summary>A classic group as Kafka's GroupMetadataValue record stores it, and back.</summary>
internal static class ClassicGroupRecords
{
    public static GroupMetadataValue ToValue(ClassicGroup group, long nowMs)
    {
        var value = new GroupMetadataValue
        {
            ProtocolType = group.GroupProtocolType ?? "",
            Generation = group.GenerationId,
            Protocol = group.ProtocolName,
            Leader = group.LeaderId,
            CurrentStateTimestamp = group.CurrentStateTimestampMs ?? nowMs,
        };
        foreach (var member in group.Members)
        {
            value.Members.Add(new GroupMetadataValue.MemberMetadata
            {
                MemberId = member.MemberId,
                GroupInstanceId = member.GroupInstanceId,
                ClientId = member.ClientId,
                ClientHost = member.ClientHost,
                RebalanceTimeout = member.RebalanceTimeoutMs,
                SessionTimeout = member.SessionTimeoutMs,
                Subscription = group.ProtocolName is null ? Array.Empty<byte>() : member.MetadataFor(group.ProtocolName) ?? [],
                Assignment = member.Assignment,
            });
        }
        return value;
    }

    /// <summary>
    /// The group a record describes. A group with members is Stable in the stored generation; its members
    /// must heartbeat within their session timeouts from <paramref name="nowMs"/> or be removed.
    /// </summary>
    public static ClassicGroup FromValue(string groupId, GroupMetadataValue value, long nowMs)
    {
        var group = new ClassicGroup(groupId, value.CurrentStateTimestamp >= 0 ? value.CurrentStateTimestamp : nowMs)
        {
            GenerationId = value.Generation,
            GroupProtocolType = value.ProtocolType.Length == 0 ? null : value.ProtocolType,
            ProtocolName = value.Protocol,
        };
        foreach (var stored in value.Members)
        {
            var protocols = value.Protocol is null ? [] : new List<(string, byte[])> { (value.Protocol, stored.Subscription.ToArray()) };
            var member = new ClassicGroupMember(stored.MemberId, stored.GroupInstanceId, stored.ClientId, stored.ClientHost,
                stored.RebalanceTimeout, stored.SessionTimeout, value.ProtocolType, protocols)
            {
                Assignment = stored.Assignment.ToArray(),
                HeartbeatDeadlineMs = nowMs + stored.SessionTimeout,
            };
            group.Add(member);
        }
        group.LeaderId = value.Leader ?? group.LeaderId;
        group.TransitionTo(group.IsEmpty ? ClassicGroupState.Empty : ClassicGroupState.Stable, group.CurrentStateTimestampMs ?? nowMs);
        return group;
    }
}
