using KafkaNet.Broker.Groups.Records;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Groups.Records;

/// <summary>One filled-in record of every type, and a tombstone of every type, for codec tests.</summary>
internal static class SampleRecords
{
    public static readonly Guid TopicA = Guid.Parse("00010203-0405-0607-0809-0a0b0c0d0e0f");
    public static readonly Guid TopicB = Guid.Parse("f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f");

    public static IEnumerable<(string Name, CoordinatorRecord Record)> WithValues()
    {
        yield return ("offset commit v3", CoordinatorRecord.OffsetCommit("g", "orders", 7, new OffsetCommitValue
        {
            Offset = 1234, LeaderEpoch = 5, Metadata = "m", CommitTimestamp = 1_700_000_000_000,
        }));
        yield return ("offset commit v1", CoordinatorRecord.OffsetCommit("g", "orders", 0, new OffsetCommitValue
        {
            Offset = 9, Metadata = "", CommitTimestamp = 10, ExpireTimestamp = 20,
        }));
        yield return ("offset commit v4", CoordinatorRecord.OffsetCommit("g", "orders", 1, new OffsetCommitValue
        {
            Offset = 42, LeaderEpoch = 3, Metadata = "x", CommitTimestamp = 11, TopicId = TopicA,
        }));
        yield return ("group metadata", CoordinatorRecord.GroupMetadata("classic", new GroupMetadataValue
        {
            ProtocolType = "consumer", Generation = 3, Protocol = "range", Leader = "m-1", CurrentStateTimestamp = 99,
            Members =
            {
                new GroupMetadataValue.MemberMetadata
                {
                    MemberId = "m-1", GroupInstanceId = "static-1", ClientId = "c", ClientHost = "/127.0.0.1",
                    RebalanceTimeout = 300_000, SessionTimeout = 45_000, Subscription = new byte[] { 1, 2 }, Assignment = new byte[] { 3 },
                },
            },
        }));
        yield return ("consumer group metadata", CoordinatorRecord.ConsumerGroupMetadata("cg", new ConsumerGroupMetadataValue { Epoch = 12, MetadataHash = -77 }));
        yield return ("partition metadata", CoordinatorRecord.ConsumerGroupPartitionMetadata("cg", new ConsumerGroupPartitionMetadataValue
        {
            Topics =
            {
                new ConsumerGroupPartitionMetadataValue.TopicMetadata
                {
                    TopicId = TopicA, TopicName = "orders", NumPartitions = 3,
                    PartitionMetadata = { new ConsumerGroupPartitionMetadataValue.PartitionMetadata { Partition = 1, Racks = { "r1" } } },
                },
            },
        }));
        yield return ("member metadata", CoordinatorRecord.ConsumerGroupMemberMetadata("cg", "member-1", new ConsumerGroupMemberMetadataValue
        {
            InstanceId = null, RackId = "rack-a", ClientId = "client", ClientHost = "/10.0.0.1", SubscribedTopicNames = { "orders", "payments" },
            SubscribedTopicRegex = null, RebalanceTimeoutMs = 60_000, ServerAssignor = "uniform",
            ClassicMemberMetadata = new ConsumerGroupMemberMetadataValue.ClassicMemberMetadataData
            {
                SessionTimeoutMs = 45_000,
                SupportedProtocols = { new ConsumerGroupMemberMetadataValue.ClassicProtocol { Name = "range", Metadata = new byte[] { 0, 1 } } },
            },
        }));
        yield return ("target assignment metadata", CoordinatorRecord.ConsumerGroupTargetAssignmentMetadata("cg", new ConsumerGroupTargetAssignmentMetadataValue { AssignmentEpoch = 12 }));
        yield return ("target assignment member", CoordinatorRecord.ConsumerGroupTargetAssignmentMember("cg", "member-1", new ConsumerGroupTargetAssignmentMemberValue
        {
            TopicPartitions = { new ConsumerGroupTargetAssignmentMemberValue.TopicPartition { TopicId = TopicA, Partitions = { 0, 2 } } },
        }));
        yield return ("current member assignment", CoordinatorRecord.ConsumerGroupCurrentMemberAssignment("cg", "member-1", new ConsumerGroupCurrentMemberAssignmentValue
        {
            MemberEpoch = 12, PreviousMemberEpoch = 11, State = 1,
            AssignedPartitions = { new ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions { TopicId = TopicA, Partitions = { 0 } } },
            PartitionsPendingRevocation = { new ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions { TopicId = TopicB, Partitions = { 4, 5 } } },
        }));
        yield return ("regular expression", CoordinatorRecord.ConsumerGroupRegularExpression("cg", "orders-.*", new ConsumerGroupRegularExpressionValue
        {
            Topics = { "orders-eu", "orders-us" }, Version = 17, Timestamp = 1_700_000_000_001,
        }));
        yield return ("share group member metadata", Share(CoordinatorRecordType.ShareGroupMemberMetadata, new ShareGroupMemberMetadataKey { GroupId = "sg", MemberId = "member-1" },
            new ShareGroupMemberMetadataValue { RackId = null, ClientId = "client", ClientHost = "/10.0.0.1", SubscribedTopicNames = { "orders" } }));
        yield return ("share group metadata", Share(CoordinatorRecordType.ShareGroupMetadata, new ShareGroupMetadataKey { GroupId = "sg" },
            new ShareGroupMetadataValue { Epoch = 4, MetadataHash = 9 }));
        yield return ("share target assignment metadata", Share(CoordinatorRecordType.ShareGroupTargetAssignmentMetadata,
            new ShareGroupTargetAssignmentMetadataKey { GroupId = "sg" }, new ShareGroupTargetAssignmentMetadataValue { AssignmentEpoch = 4 }));
        yield return ("share target assignment member", Share(CoordinatorRecordType.ShareGroupTargetAssignmentMember,
            new ShareGroupTargetAssignmentMemberKey { GroupId = "sg", MemberId = "member-1" },
            new ShareGroupTargetAssignmentMemberValue { TopicPartitions = { new() { TopicId = TopicA, Partitions = { 0, 2 } } } }));
        yield return ("share current member assignment", Share(CoordinatorRecordType.ShareGroupCurrentMemberAssignment,
            new ShareGroupCurrentMemberAssignmentKey { GroupId = "sg", MemberId = "member-1" },
            new ShareGroupCurrentMemberAssignmentValue { MemberEpoch = 4, PreviousMemberEpoch = 3, State = 0, AssignedPartitions = { new() { TopicId = TopicB, Partitions = { 1 } } } }));
        yield return ("share state partition metadata", Share(CoordinatorRecordType.ShareGroupStatePartitionMetadata,
            new ShareGroupStatePartitionMetadataKey { GroupId = "sg" },
            new ShareGroupStatePartitionMetadataValue { InitializedTopics = { new() { TopicId = TopicA, TopicName = "orders", Partitions = { 0, 1 } } } }));
    }

    public static IEnumerable<(string Name, CoordinatorRecord Record)> Tombstones()
    {
        yield return ("offset commit", CoordinatorRecord.OffsetCommitTombstone("g", "orders", 7));
        yield return ("group metadata", CoordinatorRecord.GroupMetadataTombstone("classic"));
        yield return ("consumer group metadata", CoordinatorRecord.ConsumerGroupMetadataTombstone("cg"));
        yield return ("partition metadata", CoordinatorRecord.ConsumerGroupPartitionMetadataTombstone("cg"));
        yield return ("member metadata", CoordinatorRecord.ConsumerGroupMemberMetadataTombstone("cg", "member-1"));
        yield return ("target assignment metadata", CoordinatorRecord.ConsumerGroupTargetAssignmentMetadataTombstone("cg"));
        yield return ("target assignment member", CoordinatorRecord.ConsumerGroupTargetAssignmentMemberTombstone("cg", "member-1"));
        yield return ("current member assignment", CoordinatorRecord.ConsumerGroupCurrentMemberAssignmentTombstone("cg", "member-1"));
        yield return ("regular expression", CoordinatorRecord.ConsumerGroupRegularExpressionTombstone("cg", "orders-.*"));
        yield return ("share group member metadata", Share(CoordinatorRecordType.ShareGroupMemberMetadata, new ShareGroupMemberMetadataKey { GroupId = "sg", MemberId = "member-1" }, null));
        yield return ("share group metadata", Share(CoordinatorRecordType.ShareGroupMetadata, new ShareGroupMetadataKey { GroupId = "sg" }, null));
        yield return ("share target assignment metadata", Share(CoordinatorRecordType.ShareGroupTargetAssignmentMetadata, new ShareGroupTargetAssignmentMetadataKey { GroupId = "sg" }, null));
        yield return ("share target assignment member", Share(CoordinatorRecordType.ShareGroupTargetAssignmentMember,
            new ShareGroupTargetAssignmentMemberKey { GroupId = "sg", MemberId = "member-1" }, null));
        yield return ("share current member assignment", Share(CoordinatorRecordType.ShareGroupCurrentMemberAssignment,
            new ShareGroupCurrentMemberAssignmentKey { GroupId = "sg", MemberId = "member-1" }, null));
        yield return ("share state partition metadata", Share(CoordinatorRecordType.ShareGroupStatePartitionMetadata, new ShareGroupStatePartitionMetadataKey { GroupId = "sg" }, null));
    }

    /// <summary>A share-group record; Kafka 4.2 writes every share-group value at version 0.</summary>
    private static CoordinatorRecord Share(CoordinatorRecordType type, KafkaNet.Protocol.IKafkaMessage key, KafkaNet.Protocol.IKafkaMessage? value) =>
        new(type, key, 0, value);
}
