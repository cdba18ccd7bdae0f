using KafkaNet.Broker.Groups.Records;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>A consumer group's state as Kafka's consumer-group records of __consumer_offsets store it, and back.</summary>
internal static class ConsumerGroupRecords
{
    public static CoordinatorRecord GroupEpoch(string groupId, int epoch, long metadataHash) =>
        CoordinatorRecord.ConsumerGroupMetadata(groupId, new ConsumerGroupMetadataValue { Epoch = epoch, MetadataHash = metadataHash });

    public static CoordinatorRecord MemberMetadata(string groupId, ConsumerGroupMember member) =>
        CoordinatorRecord.ConsumerGroupMemberMetadata(groupId, member.MemberId, new ConsumerGroupMemberMetadataValue
        {
            InstanceId = member.InstanceId,
            RackId = member.RackId,
            ClientId = member.ClientId,
            ClientHost = member.ClientHost,
            SubscribedTopicNames = [.. member.SubscribedTopicNames],
            SubscribedTopicRegex = member.SubscribedTopicRegex,
            RebalanceTimeoutMs = member.RebalanceTimeoutMs,
            ServerAssignor = member.ServerAssignor,
            ClassicMemberMetadata = member.ClassicMemberMetadata is { } classic
                ? new ConsumerGroupMemberMetadataValue.ClassicMemberMetadataData
                {
                    SessionTimeoutMs = classic.SessionTimeoutMs,
                    SupportedProtocols = [.. classic.SupportedProtocols.Select(p => new ConsumerGroupMemberMetadataValue.ClassicProtocol { Name = p.Name, Metadata = p.Metadata })],
                }
                : null,
        });

    public static CoordinatorRecord CurrentAssignment(string groupId, ConsumerGroupMember member) =>
        CoordinatorRecord.ConsumerGroupCurrentMemberAssignment(groupId, member.MemberId, new ConsumerGroupCurrentMemberAssignmentValue
        {
            MemberEpoch = member.MemberEpoch,
            PreviousMemberEpoch = member.PreviousMemberEpoch,
            State = member.State.ToValue(),
            AssignedPartitions = member.AssignedPartitions.ToList(CurrentPartitions),
            PartitionsPendingRevocation = member.PartitionsPendingRevocation.ToList(CurrentPartitions),
        });

    public static CoordinatorRecord TargetAssignment(string groupId, string memberId, Assignment assignment) =>
        CoordinatorRecord.ConsumerGroupTargetAssignmentMember(groupId, memberId, new ConsumerGroupTargetAssignmentMemberValue
        {
            TopicPartitions = assignment.ToList((id, partitions) => new ConsumerGroupTargetAssignmentMemberValue.TopicPartition { TopicId = id, Partitions = partitions }),
        });

    public static CoordinatorRecord TargetAssignmentEpoch(string groupId, int epoch) =>
        CoordinatorRecord.ConsumerGroupTargetAssignmentMetadata(groupId, new ConsumerGroupTargetAssignmentMetadataValue { AssignmentEpoch = epoch });

    public static CoordinatorRecord Regex(string groupId, string regex, ResolvedRegex resolved) =>
        CoordinatorRecord.ConsumerGroupRegularExpression(groupId, regex, new ConsumerGroupRegularExpressionValue
        {
            Topics = [.. resolved.Topics.Order(StringComparer.Ordinal)],
            Version = resolved.Version,
            Timestamp = resolved.TimestampMs,
        });

    /// <summary>A member leaves: its assignment first, then its target, then itself, in Kafka's order.</summary>
    public static void AddMemberTombstones(List<CoordinatorRecord> records, string groupId, string memberId)
    {
        records.Add(CoordinatorRecord.ConsumerGroupCurrentMemberAssignmentTombstone(groupId, memberId));
        records.Add(CoordinatorRecord.ConsumerGroupTargetAssignmentMemberTombstone(groupId, memberId));
        records.Add(CoordinatorRecord.ConsumerGroupMemberMetadataTombstone(groupId, memberId));
    }

    /// <summary>Every record that deletes the group (its offsets are removed separately).</summary>
    public static List<CoordinatorRecord> GroupTombstones(ConsumerGroup group)
    {
        string groupId = group.GroupId;
        var records = new List<CoordinatorRecord>();
        foreach (var member in group.Members)
        {
            records.Add(CoordinatorRecord.ConsumerGroupCurrentMemberAssignmentTombstone(groupId, member.MemberId));
        }
        foreach (string memberId in group.TargetAssignment.Keys)
        {
            records.Add(CoordinatorRecord.ConsumerGroupTargetAssignmentMemberTombstone(groupId, memberId));
        }
        records.Add(CoordinatorRecord.ConsumerGroupTargetAssignmentMetadataTombstone(groupId));
        foreach (var member in group.Members)
        {
            records.Add(CoordinatorRecord.ConsumerGroupMemberMetadataTombstone(groupId, member.MemberId));
        }
        foreach (string regex in group.ResolvedRegexes.Keys)
        {
            records.Add(CoordinatorRecord.ConsumerGroupRegularExpressionTombstone(groupId, regex));
        }
        // Kafka before 4.1 kept subscription metadata in its own record; remove any left by one.
        records.Add(CoordinatorRecord.ConsumerGroupPartitionMetadataTombstone(groupId));
        records.Add(CoordinatorRecord.ConsumerGroupMetadataTombstone(groupId));
        return records;
    }

    public static ConsumerGroupMember WithMetadata(ConsumerGroupMember member, ConsumerGroupMemberMetadataValue value) => member with
    {
        InstanceId = value.InstanceId,
        RackId = value.RackId,
        ClientId = value.ClientId,
        ClientHost = value.ClientHost,
        SubscribedTopicNames = value.SubscribedTopicNames,
        SubscribedTopicRegex = string.IsNullOrEmpty(value.SubscribedTopicRegex) ? null : value.SubscribedTopicRegex,
        RebalanceTimeoutMs = value.RebalanceTimeoutMs,
        ServerAssignor = value.ServerAssignor,
        ClassicMemberMetadata = value.ClassicMemberMetadata is { } classic
            ? new ClassicMemberMetadata(classic.SessionTimeoutMs, [.. classic.SupportedProtocols.Select(p => new ClassicProtocol(p.Name, p.Metadata.ToArray()))])
            : null,
    };

    public static ConsumerGroupMember WithCurrentAssignment(ConsumerGroupMember member, ConsumerGroupCurrentMemberAssignmentValue value) => member with
    {
        MemberEpoch = value.MemberEpoch,
        PreviousMemberEpoch = value.PreviousMemberEpoch,
        State = MemberStates.FromValue(value.State),
        AssignedPartitions = Assignment.From(value.AssignedPartitions, t => t.TopicId, t => t.Partitions),
        PartitionsPendingRevocation = Assignment.From(value.PartitionsPendingRevocation, t => t.TopicId, t => t.Partitions),
    };

    public static Assignment TargetAssignmentOf(ConsumerGroupTargetAssignmentMemberValue value) =>
        Assignment.From(value.TopicPartitions, t => t.TopicId, t => t.Partitions);

    public static ResolvedRegex ResolvedRegexOf(ConsumerGroupRegularExpressionValue value) =>
        new(value.Topics.ToHashSet(StringComparer.Ordinal), value.Version, value.Timestamp);

    private static ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions CurrentPartitions(Guid topicId, List<int> partitions) =>
        new() { TopicId = topicId, Partitions = partitions };
}
