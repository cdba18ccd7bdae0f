using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Groups.Consumer;

internal sealed partial class ConsumerGroupCoordinator
{
    /// <summary>ConsumerGroupDescribe for one group: epochs, assignor, and each member's assignment and target.</summary>
    public ConsumerGroupDescribeResponse.DescribedGroup Describe(CoordinatorShard shard, string groupId)
    {
        var existing = shard.Groups.GetValueOrDefault(groupId);
        if (existing is not ConsumerGroup group)
        {
            var notFound = GroupNotFound(groupId, existing is not null);
            return new ConsumerGroupDescribeResponse.DescribedGroup
            {
                GroupId = groupId,
                ErrorCode = (short)ErrorCode.GroupIdNotFound,
                ErrorMessage = notFound.Message,
                GroupState = nameof(ConsumerGroupState.Dead),
            };
        }
        var described = new ConsumerGroupDescribeResponse.DescribedGroup
        {
            GroupId = groupId,
            GroupState = group.StateName,
            GroupEpoch = group.GroupEpoch,
            AssignmentEpoch = group.TargetAssignmentEpoch,
            AssignorName = PreferredAssignor(group),
        };
        foreach (var member in group.Members.OrderBy(m => m.MemberId, StringComparer.Ordinal))
        {
            described.Members.Add(new ConsumerGroupDescribeResponse.Member
            {
                MemberId = member.MemberId,
                InstanceId = member.InstanceId,
                RackId = member.RackId,
                MemberEpoch = member.MemberEpoch,
                ClientId = member.ClientId,
                ClientHost = member.ClientHost,
                SubscribedTopicNames = [.. member.SubscribedTopicNames],
                SubscribedTopicRegex = member.SubscribedTopicRegex,
                Assignment = Described(member.AssignedPartitions),
                TargetAssignment = Described(group.TargetAssignmentOf(member.MemberId)),
                // 0 for a member that joined with JoinGroup, 1 for ConsumerGroupHeartbeat (v1+).
                MemberType = member.UsesClassicProtocol ? (sbyte)0 : (sbyte)1,
            });
        }
        return described;
    }

    private ConsumerGroupDescribeResponse.Assignment Described(Assignment assignment)
    {
        var described = new ConsumerGroupDescribeResponse.Assignment();
        foreach (var topic in assignment)
        {
            // Partitions of a topic deleted since are left out, as Kafka does.
            if (_topics.Find(topic.TopicId) is { } info)
            {
                described.TopicPartitions.Add(new ConsumerGroupDescribeResponse.TopicPartitions
                {
                    TopicId = topic.TopicId,
                    TopicName = info.Name,
                    Partitions = topic.ToList(),
                });
            }
        }
        return described;
    }
}
