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
    public static CoordinatorRecordSchema? Find(short type) => type >= 0 && type < ByType.Length ? ByType[type] : null;

    private static readonly CoordinatorRecordSchema?[] ByType = Build();

    private static CoordinatorRecordSchema?[] Build()
    {
        var byType = new CoordinatorRecordSchema?[(int)CoordinatorRecordType.ConsumerGroupRegularExpression + 1];
        // Type 0, the offset-commit key before Kafka 0.9, has the layout of type 1.
        byType[0] = byType[1] = Of<OffsetCommitKey, OffsetCommitValue>(OffsetCommitValue.LowestVersion, OffsetCommitValue.HighestVersion);
        byType[2] = Of<GroupMetadataKey, GroupMetadataValue>(GroupMetadataValue.LowestVersion, GroupMetadataValue.HighestVersion);
        byType[3] = Of<ConsumerGroupMetadataKey, ConsumerGroupMetadataValue>(ConsumerGroupMetadataValue.LowestVersion, ConsumerGroupMetadataValue.HighestVersion);
        byType[4] = Of<ConsumerGroupPartitionMetadataKey, ConsumerGroupPartitionMetadataValue>(
            ConsumerGroupPartitionMetadataValue.LowestVersion, ConsumerGroupPartitionMetadataValue.HighestVersion);
        byType[5] = Of<ConsumerGroupMemberMetadataKey, ConsumerGroupMemberMetadataValue>(
            ConsumerGroupMemberMetadataValue.LowestVersion, ConsumerGroupMemberMetadataValue.HighestVersion);
        byType[6] = Of<ConsumerGroupTargetAssignmentMetadataKey, ConsumerGroupTargetAssignmentMetadataValue>(
            ConsumerGroupTargetAssignmentMetadataValue.LowestVersion, ConsumerGroupTargetAssignmentMetadataValue.HighestVersion);
        byType[7] = Of<ConsumerGroupTargetAssignmentMemberKey, ConsumerGroupTargetAssignmentMemberValue>(
            ConsumerGroupTargetAssignmentMemberValue.LowestVersion, ConsumerGroupTargetAssignmentMemberValue.HighestVersion);
        byType[8] = Of<ConsumerGroupCurrentMemberAssignmentKey, ConsumerGroupCurrentMemberAssignmentValue>(
            ConsumerGroupCurrentMemberAssignmentValue.LowestVersion, ConsumerGroupCurrentMemberAssignmentValue.HighestVersion);
        byType[10] = Of<ShareGroupMemberMetadataKey, ShareGroupMemberMetadataValue>(
            ShareGroupMemberMetadataValue.LowestVersion, ShareGroupMemberMetadataValue.HighestVersion);
        byType[11] = Of<ShareGroupMetadataKey, ShareGroupMetadataValue>(ShareGroupMetadataValue.LowestVersion, ShareGroupMetadataValue.HighestVersion);
        byType[12] = Of<ShareGroupTargetAssignmentMetadataKey, ShareGroupTargetAssignmentMetadataValue>(
            ShareGroupTargetAssignmentMetadataValue.LowestVersion, ShareGroupTargetAssignmentMetadataValue.HighestVersion);
        byType[13] = Of<ShareGroupTargetAssignmentMemberKey, ShareGroupTargetAssignmentMemberValue>(
            ShareGroupTargetAssignmentMemberValue.LowestVersion, ShareGroupTargetAssignmentMemberValue.HighestVersion);
        byType[14] = Of<ShareGroupCurrentMemberAssignmentKey, ShareGroupCurrentMemberAssignmentValue>(
            ShareGroupCurrentMemberAssignmentValue.LowestVersion, ShareGroupCurrentMemberAssignmentValue.HighestVersion);
        byType[15] = Of<ShareGroupStatePartitionMetadataKey, ShareGroupStatePartitionMetadataValue>(
            ShareGroupStatePartitionMetadataValue.LowestVersion, ShareGroupStatePartitionMetadataValue.HighestVersion);
        byType[16] = Of<ConsumerGroupRegularExpressionKey, ConsumerGroupRegularExpressionValue>(
            ConsumerGroupRegularExpressionValue.LowestVersion, ConsumerGroupRegularExpressionValue.HighestVersion);
        return byType;
    }

    private static CoordinatorRecordSchema Of<TKey, TValue>(short lowest, short highest)
        where TKey : IKafkaMessage<TKey>
        where TValue : IKafkaMessage<TValue> =>
        new(typeof(TKey), typeof(TValue), static (ref KafkaReader r, short v) => TKey.Read(ref r, v),
            static (ref KafkaReader r, short v) => TValue.Read(ref r, v), lowest, highest);
}
