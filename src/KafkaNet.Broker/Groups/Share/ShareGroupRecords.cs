using KafkaNet.Broker.Groups.Records;
using KafkaNet.Broker.Shares.Assignment;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Groups.Share;

/// <summary>
/// The __consumer_offsets records of share groups, as Kafka 4.2 writes them (every value at version 0): the group
/// epoch, each member's metadata, the target assignment and its epoch, each member's current assignment, and the
/// partitions the group has delivery state for.
/// </summary>
internal static class ShareGroupRecords
{
    private const short ValueVersion = 0;

    /// <summary>The records that turn <paramref name="before"/> into the group as it is now, in the order Kafka writes them.</summary>
    public static List<CoordinatorRecord> Changes(ShareGroup group, ShareGroupImage before, Func<Guid, string?> topicName)
    {
        var after = ShareGroupImage.Of(group);
        string groupId = group.GroupId;
        var records = new List<CoordinatorRecord>();
        foreach (string gone in before.Members.Keys.Where(m => !after.Members.ContainsKey(m)).Order(StringComparer.Ordinal))
        {
            records.AddRange(MemberTombstones(groupId, gone));
        }
        foreach (var (memberId, member) in after.Members)
        {
            if (!before.Members.TryGetValue(memberId, out var old) || !old.SameMetadata(member))
            {
                records.Add(MemberMetadata(groupId, memberId, member));
            }
        }
        if (before.GroupEpoch != after.GroupEpoch)
        {
            records.Add(Record(CoordinatorRecordType.ShareGroupMetadata, new ShareGroupMetadataKey { GroupId = groupId },
                new ShareGroupMetadataValue { Epoch = after.GroupEpoch }));
        }
        foreach (var (memberId, target) in after.Target)
        {
            if (!before.Target.TryGetValue(memberId, out var old) || !old.SetEquals(target))
            {
                records.Add(TargetMember(groupId, memberId, target));
            }
        }
        if (before.AssignmentEpoch != after.AssignmentEpoch)
        {
            records.Add(Record(CoordinatorRecordType.ShareGroupTargetAssignmentMetadata, new ShareGroupTargetAssignmentMetadataKey { GroupId = groupId },
                new ShareGroupTargetAssignmentMetadataValue { AssignmentEpoch = after.AssignmentEpoch }));
        }
        foreach (var (memberId, member) in after.Members)
        {
            if (!before.Members.TryGetValue(memberId, out var old) || !old.SameAssignment(member))
            {
                records.Add(CurrentAssignment(groupId, memberId, member));
            }
        }
        if (!before.InitializedPartitions.SetEquals(after.InitializedPartitions))
        {
            records.Add(StatePartitions(group, topicName));
        }
        return records;
    }

    /// <summary>The tombstones that remove every record of the group.</summary>
    public static List<CoordinatorRecord> GroupTombstones(ShareGroup group)
    {
        string groupId = group.GroupId;
        var records = group.Members.Select(m => m.MemberId).Order(StringComparer.Ordinal).SelectMany(m => MemberTombstones(groupId, m)).ToList();
        records.Add(Tombstone(CoordinatorRecordType.ShareGroupTargetAssignmentMetadata, new ShareGroupTargetAssignmentMetadataKey { GroupId = groupId }));
        records.Add(Tombstone(CoordinatorRecordType.ShareGroupStatePartitionMetadata, new ShareGroupStatePartitionMetadataKey { GroupId = groupId }));
        records.Add(Tombstone(CoordinatorRecordType.ShareGroupMetadata, new ShareGroupMetadataKey { GroupId = groupId }));
        return records;
    }

    public static HashSet<ShareTopicPartition> PartitionsOf(IEnumerable<(Guid TopicId, IEnumerable<int> Partitions)> topics) =>
        topics.SelectMany(t => t.Partitions.Select(p => new ShareTopicPartition(t.TopicId, p))).ToHashSet();

    private static IEnumerable<CoordinatorRecord> MemberTombstones(string groupId, string memberId) =>
    [
        Tombstone(CoordinatorRecordType.ShareGroupCurrentMemberAssignment, new ShareGroupCurrentMemberAssignmentKey { GroupId = groupId, MemberId = memberId }),
        Tombstone(CoordinatorRecordType.ShareGroupTargetAssignmentMember, new ShareGroupTargetAssignmentMemberKey { GroupId = groupId, MemberId = memberId }),
        Tombstone(CoordinatorRecordType.ShareGroupMemberMetadata, new ShareGroupMemberMetadataKey { GroupId = groupId, MemberId = memberId }),
    ];

    private static CoordinatorRecord MemberMetadata(string groupId, string memberId, ShareGroupImage.MemberImage member) =>
        Record(CoordinatorRecordType.ShareGroupMemberMetadata, new ShareGroupMemberMetadataKey { GroupId = groupId, MemberId = memberId },
            new ShareGroupMemberMetadataValue
            {
                RackId = member.RackId,
                ClientId = member.ClientId,
                ClientHost = member.ClientHost,
                SubscribedTopicNames = [.. member.SubscribedTopicNames],
            });

    private static CoordinatorRecord TargetMember(string groupId, string memberId, IReadOnlySet<ShareTopicPartition> target)
    {
        var value = new ShareGroupTargetAssignmentMemberValue();
        foreach (var (topicId, partitions) in ByTopic(target))
        {
            value.TopicPartitions.Add(new ShareGroupTargetAssignmentMemberValue.TopicPartition { TopicId = topicId, Partitions = partitions });
        }
        return Record(CoordinatorRecordType.ShareGroupTargetAssignmentMember, new ShareGroupTargetAssignmentMemberKey { GroupId = groupId, MemberId = memberId }, value);
    }

    private static CoordinatorRecord CurrentAssignment(string groupId, string memberId, ShareGroupImage.MemberImage member)
    {
        // State 0 is Stable: share-group members have no revocation, so they are never anything else.
        var value = new ShareGroupCurrentMemberAssignmentValue { MemberEpoch = member.MemberEpoch, PreviousMemberEpoch = member.PreviousMemberEpoch, State = 0 };
        foreach (var (topicId, partitions) in ByTopic(member.Assigned))
        {
            value.AssignedPartitions.Add(new ShareGroupCurrentMemberAssignmentValue.TopicPartitions { TopicId = topicId, Partitions = partitions });
        }
        return Record(CoordinatorRecordType.ShareGroupCurrentMemberAssignment,
            new ShareGroupCurrentMemberAssignmentKey { GroupId = groupId, MemberId = memberId }, value);
    }

    private static CoordinatorRecord StatePartitions(ShareGroup group, Func<Guid, string?> topicName)
    {
        var value = new ShareGroupStatePartitionMetadataValue();
        foreach (var (topicId, partitions) in ByTopic(group.InitializedPartitions))
        {
            value.InitializedTopics.Add(new ShareGroupStatePartitionMetadataValue.TopicPartitionsInfo
            {
                TopicId = topicId,
                TopicName = topicName(topicId) ?? "",
                Partitions = partitions,
            });
        }
        return Record(CoordinatorRecordType.ShareGroupStatePartitionMetadata, new ShareGroupStatePartitionMetadataKey { GroupId = group.GroupId }, value);
    }

    private static IEnumerable<(Guid TopicId, List<int> Partitions)> ByTopic(IEnumerable<ShareTopicPartition> partitions) =>
        partitions.GroupBy(p => p.TopicId).OrderBy(g => g.Key).Select(g => (g.Key, g.Select(p => p.Partition).Order().ToList()));

    private static CoordinatorRecord Record(CoordinatorRecordType type, Protocol.IKafkaMessage key, Protocol.IKafkaMessage value) => new(type, key, ValueVersion, value);

    private static CoordinatorRecord Tombstone(CoordinatorRecordType type, Protocol.IKafkaMessage key) => new(type, key, 0, null);
}
