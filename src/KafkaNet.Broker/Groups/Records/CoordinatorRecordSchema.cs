using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Groups.Records;

/// <summary>The key and value schema of one record type, with the value versions Kafka 4.2 reads.</summary>
internal sealed class CoordinatorRecordSchema
{
    /// <summary>Kafka 4 declares every key schema at version 0; the record type travels before it.</summary>
    public const short KeyVersion = 0;

    private CoordinatorRecordSchema(Type keyType, Type valueType, ReadMessage readKey, ReadMessage readValue, short lowest, short highest)
    {
        KeyType = keyType;
        ValueType = valueType;
        ReadKey = readKey;
        ReadValue = readValue;
        LowestValueVersion = lowest;
        HighestValueVersion = highest;
    }

    public delegate IKafkaMessage ReadMessage(ref KafkaReader reader, short version);

    public Type KeyType { get; }

    public Type ValueType { get; }

    public ReadMessage ReadKey { get; }

    public ReadMessage ReadValue { get; }

    public short LowestValueVersion { get; }

    public short HighestValueVersion { get; }

    public bool SupportsValueVersion(short version) => version >= LowestValueVersion && version <= HighestValueVersion;

    /// <summary>The schema of a record type, or null for a type this broker does not know.</summary>
    public static CoordinatorRecordSchema? Find(short type) => type switch
    {
        0 or 1 => OffsetCommit,
        2 => GroupMetadata,
        3 => ConsumerGroupMetadata,
        4 => ConsumerGroupPartitionMetadata,
        5 => ConsumerGroupMemberMetadata,
        6 => ConsumerGroupTargetAssignmentMetadata,
        7 => ConsumerGroupTargetAssignmentMember,
        8 => ConsumerGroupCurrentMemberAssignment,
        16 => ConsumerGroupRegularExpression,
        _ => null,
    };

    private static readonly CoordinatorRecordSchema OffsetCommit =
        Of<OffsetCommitKey, OffsetCommitValue>(OffsetCommitValue.LowestVersion, OffsetCommitValue.HighestVersion);

    private static readonly CoordinatorRecordSchema GroupMetadata =
        Of<GroupMetadataKey, GroupMetadataValue>(GroupMetadataValue.LowestVersion, GroupMetadataValue.HighestVersion);

    private static readonly CoordinatorRecordSchema ConsumerGroupMetadata =
        Of<ConsumerGroupMetadataKey, ConsumerGroupMetadataValue>(ConsumerGroupMetadataValue.LowestVersion, ConsumerGroupMetadataValue.HighestVersion);

    private static readonly CoordinatorRecordSchema ConsumerGroupPartitionMetadata =
        Of<ConsumerGroupPartitionMetadataKey, ConsumerGroupPartitionMetadataValue>(
            ConsumerGroupPartitionMetadataValue.LowestVersion, ConsumerGroupPartitionMetadataValue.HighestVersion);

    private static readonly CoordinatorRecordSchema ConsumerGroupMemberMetadata =
        Of<ConsumerGroupMemberMetadataKey, ConsumerGroupMemberMetadataValue>(
            ConsumerGroupMemberMetadataValue.LowestVersion, ConsumerGroupMemberMetadataValue.HighestVersion);

    private static readonly CoordinatorRecordSchema ConsumerGroupTargetAssignmentMetadata =
        Of<ConsumerGroupTargetAssignmentMetadataKey, ConsumerGroupTargetAssignmentMetadataValue>(
            ConsumerGroupTargetAssignmentMetadataValue.LowestVersion, ConsumerGroupTargetAssignmentMetadataValue.HighestVersion);

    private static readonly CoordinatorRecordSchema ConsumerGroupTargetAssignmentMember =
        Of<ConsumerGroupTargetAssignmentMemberKey, ConsumerGroupTargetAssignmentMemberValue>(
            ConsumerGroupTargetAssignmentMemberValue.LowestVersion, ConsumerGroupTargetAssignmentMemberValue.HighestVersion);

    private static readonly CoordinatorRecordSchema ConsumerGroupCurrentMemberAssignment =
        Of<ConsumerGroupCurrentMemberAssignmentKey, ConsumerGroupCurrentMemberAssignmentValue>(
            ConsumerGroupCurrentMemberAssignmentValue.LowestVersion, ConsumerGroupCurrentMemberAssignmentValue.HighestVersion);

    private static readonly CoordinatorRecordSchema ConsumerGroupRegularExpression =
        Of<ConsumerGroupRegularExpressionKey, ConsumerGroupRegularExpressionValue>(
            ConsumerGroupRegularExpressionValue.LowestVersion, ConsumerGroupRegularExpressionValue.HighestVersion);

    private static CoordinatorRecordSchema Of<TKey, TValue>(short lowest, short highest)
        where TKey : IKafkaMessage<TKey>
        where TValue : IKafkaMessage<TValue> =>
        new(typeof(TKey), typeof(TValue), static (ref KafkaReader r, short v) => TKey.Read(ref r, v),
            static (ref KafkaReader r, short v) => TValue.Read(ref r, v), lowest, highest);
}
