using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Groups.Records;

/// <summary>
/// One record of <c>__consumer_offsets</c>: its type, key, and value at a version, or no value for a
/// tombstone that deletes the key under compaction. The constructor checks that the key and value
/// are the schemas of <paramref name="Type"/>, so any record that exists can be serialized.
/// </summary>
public sealed record CoordinatorRecord
{
    // Versions Kafka 4.x writes (GroupCoordinatorRecordHelpers): GroupMetadataValue 3, every consumer-group value 0.
    private const short GroupMetadataValueVersion = 3;
    private const short ConsumerGroupValueVersion = 0;

    public CoordinatorRecord(CoordinatorRecordType Type, IKafkaMessage Key, short ValueVersion, IKafkaMessage? Value)
    {
        ArgumentNullException.ThrowIfNull(Key);
        var schema = CoordinatorRecordSchema.Find((short)Type)
            ?? throw new ArgumentException($"unknown record type {(short)Type}", nameof(Type));
        if (Key.GetType() != schema.KeyType)
        {
            throw new ArgumentException($"a {Type} record needs a {schema.KeyType.Name}, not a {Key.GetType().Name}", nameof(Key));
        }
        if (Value is not null && Value.GetType() != schema.ValueType)
        {
            throw new ArgumentException($"a {Type} record needs a {schema.ValueType.Name}, not a {Value.GetType().Name}", nameof(Value));
        }
        if (Value is not null && !schema.SupportsValueVersion(ValueVersion))
        {
            throw new ArgumentOutOfRangeException(nameof(ValueVersion), ValueVersion, $"{schema.ValueType.Name} has versions {schema.LowestValueVersion}-{schema.HighestValueVersion}");
        }
        this.Type = Type;
        this.Key = Key;
        this.ValueVersion = Value is null ? (short)0 : ValueVersion;
        this.Value = Value;
    }

    public CoordinatorRecordType Type { get; }

    public IKafkaMessage Key { get; }

    /// <summary>The version the value is encoded at; 0 for a tombstone.</summary>
    public short ValueVersion { get; }

    /// <summary>The value, or null for a tombstone.</summary>
    public IKafkaMessage? Value { get; }

    public bool IsTombstone => Value is null;

    /// <summary>
    /// A committed offset. Like Kafka: version 1 when the value carries an expire timestamp (only v1 has
    /// one), version 4 when it carries a topic id (a tagged field, so flexible versions only; Kafka 4.0
    /// and older cannot read it), otherwise 3, the newest version every Kafka since 2.1 reads.
    /// </summary>
    public static CoordinatorRecord OffsetCommit(string group, string topic, int partition, OffsetCommitValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        short version = value.ExpireTimestamp != -1 ? (short)1 : value.TopicId != Guid.Empty ? (short)4 : (short)3;
        return new(CoordinatorRecordType.OffsetCommit, OffsetCommitKeyOf(group, topic, partition), version, value);
    }

    public static CoordinatorRecord OffsetCommitTombstone(string group, string topic, int partition) =>
        new(CoordinatorRecordType.OffsetCommit, OffsetCommitKeyOf(group, topic, partition), 0, null);

    /// <summary>A classic group's state, at version 3 as Kafka 4 writes it (static members need 3+).</summary>
    public static CoordinatorRecord GroupMetadata(string group, GroupMetadataValue value) =>
        new(CoordinatorRecordType.GroupMetadata, new GroupMetadataKey { Group = group }, GroupMetadataValueVersion, Required(value));

    public static CoordinatorRecord GroupMetadataTombstone(string group) =>
        new(CoordinatorRecordType.GroupMetadata, new GroupMetadataKey { Group = group }, 0, null);

    public static CoordinatorRecord ConsumerGroupMetadata(string groupId, ConsumerGroupMetadataValue value) =>
        new(CoordinatorRecordType.ConsumerGroupMetadata, new ConsumerGroupMetadataKey { GroupId = groupId }, ConsumerGroupValueVersion, Required(value));

    public static CoordinatorRecord ConsumerGroupMetadataTombstone(string groupId) =>
        new(CoordinatorRecordType.ConsumerGroupMetadata, new ConsumerGroupMetadataKey { GroupId = groupId }, 0, null);

    /// <summary>The pre-4.1 subscription metadata; Kafka 4.1+ only tombstones it, this exists to write what an older Kafka wrote.</summary>
    public static CoordinatorRecord ConsumerGroupPartitionMetadata(string groupId, ConsumerGroupPartitionMetadataValue value) =>
        new(CoordinatorRecordType.ConsumerGroupPartitionMetadata, new ConsumerGroupPartitionMetadataKey { GroupId = groupId }, ConsumerGroupValueVersion, Required(value));

    public static CoordinatorRecord ConsumerGroupPartitionMetadataTombstone(string groupId) =>
        new(CoordinatorRecordType.ConsumerGroupPartitionMetadata, new ConsumerGroupPartitionMetadataKey { GroupId = groupId }, 0, null);

    public static CoordinatorRecord ConsumerGroupMemberMetadata(string groupId, string memberId, ConsumerGroupMemberMetadataValue value) =>
        new(CoordinatorRecordType.ConsumerGroupMemberMetadata, new ConsumerGroupMemberMetadataKey { GroupId = groupId, MemberId = memberId }, ConsumerGroupValueVersion, Required(value));

    public static CoordinatorRecord ConsumerGroupMemberMetadataTombstone(string groupId, string memberId) =>
        new(CoordinatorRecordType.ConsumerGroupMemberMetadata, new ConsumerGroupMemberMetadataKey { GroupId = groupId, MemberId = memberId }, 0, null);

    public static CoordinatorRecord ConsumerGroupTargetAssignmentMetadata(string groupId, ConsumerGroupTargetAssignmentMetadataValue value) =>
        new(CoordinatorRecordType.ConsumerGroupTargetAssignmentMetadata, new ConsumerGroupTargetAssignmentMetadataKey { GroupId = groupId }, ConsumerGroupValueVersion, Required(value));

    public static CoordinatorRecord ConsumerGroupTargetAssignmentMetadataTombstone(string groupId) =>
        new(CoordinatorRecordType.ConsumerGroupTargetAssignmentMetadata, new ConsumerGroupTargetAssignmentMetadataKey { GroupId = groupId }, 0, null);

    public static CoordinatorRecord ConsumerGroupTargetAssignmentMember(string groupId, string memberId, ConsumerGroupTargetAssignmentMemberValue value) =>
        new(CoordinatorRecordType.ConsumerGroupTargetAssignmentMember, new ConsumerGroupTargetAssignmentMemberKey { GroupId = groupId, MemberId = memberId }, ConsumerGroupValueVersion, Required(value));

    public static CoordinatorRecord ConsumerGroupTargetAssignmentMemberTombstone(string groupId, string memberId) =>
        new(CoordinatorRecordType.ConsumerGroupTargetAssignmentMember, new ConsumerGroupTargetAssignmentMemberKey { GroupId = groupId, MemberId = memberId }, 0, null);

    public static CoordinatorRecord ConsumerGroupCurrentMemberAssignment(string groupId, string memberId, ConsumerGroupCurrentMemberAssignmentValue value) =>
        new(CoordinatorRecordType.ConsumerGroupCurrentMemberAssignment, new ConsumerGroupCurrentMemberAssignmentKey { GroupId = groupId, MemberId = memberId }, ConsumerGroupValueVersion, Required(value));

    public static CoordinatorRecord ConsumerGroupCurrentMemberAssignmentTombstone(string groupId, string memberId) =>
        new(CoordinatorRecordType.ConsumerGroupCurrentMemberAssignment, new ConsumerGroupCurrentMemberAssignmentKey { GroupId = groupId, MemberId = memberId }, 0, null);

    public static CoordinatorRecord ConsumerGroupRegularExpression(string groupId, string regularExpression, ConsumerGroupRegularExpressionValue value) =>
        new(CoordinatorRecordType.ConsumerGroupRegularExpression, new ConsumerGroupRegularExpressionKey { GroupId = groupId, RegularExpression = regularExpression }, ConsumerGroupValueVersion, Required(value));

    public static CoordinatorRecord ConsumerGroupRegularExpressionTombstone(string groupId, string regularExpression) =>
        new(CoordinatorRecordType.ConsumerGroupRegularExpression, new ConsumerGroupRegularExpressionKey { GroupId = groupId, RegularExpression = regularExpression }, 0, null);

    private static OffsetCommitKey OffsetCommitKeyOf(string group, string topic, int partition) =>
        new() { Group = group, Topic = topic, Partition = partition };

    private static T Required<T>(T value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        return value;
    }
}
