using KafkaNet.Broker.Groups;
using Defs = KafkaNet.Server.Configuration.BrokerConfigDefinitions;

namespace KafkaNet.Server.Configuration;

/// <summary>Carries the offsets.topic.* and group.* properties into the group coordinator's options.</summary>
public static class GroupSettings
{
    public static void Apply(BrokerConfig config, GroupCoordinatorOptions groups)
    {
        groups.OffsetsTopicNumPartitions = config.OffsetsTopicNumPartitions;
        groups.GroupInitialRebalanceDelayMs = config.GroupInitialRebalanceDelayMs;
        groups.OffsetsTopicReplicationFactor = (short)Int(config, Defs.OffsetsTopicReplicationFactor);
        groups.OffsetsTopicSegmentBytes = Int(config, Defs.OffsetsTopicSegmentBytes);
        groups.OffsetsTopicCompressionCodec = Int(config, Defs.OffsetsTopicCompressionCodec);
        groups.OffsetsRetentionMinutes = Int(config, Defs.OffsetsRetentionMinutes);
        groups.OffsetsRetentionCheckIntervalMs = (long)config.GetValue(Defs.OffsetsRetentionCheckIntervalMs.Name)!;
        groups.OffsetMetadataMaxBytes = Int(config, Defs.OffsetMetadataMaxBytes);
        groups.GroupMinSessionTimeoutMs = Int(config, Defs.GroupMinSessionTimeoutMs);
        groups.GroupMaxSessionTimeoutMs = Int(config, Defs.GroupMaxSessionTimeoutMs);
        groups.GroupMaxSize = Int(config, Defs.GroupMaxSize);
        groups.ConsumerGroupSessionTimeoutMs = Int(config, Defs.GroupConsumerSessionTimeoutMs);
        groups.ConsumerGroupMinSessionTimeoutMs = Int(config, Defs.GroupConsumerMinSessionTimeoutMs);
        groups.ConsumerGroupMaxSessionTimeoutMs = Int(config, Defs.GroupConsumerMaxSessionTimeoutMs);
        groups.ConsumerGroupHeartbeatIntervalMs = Int(config, Defs.GroupConsumerHeartbeatIntervalMs);
        groups.ConsumerGroupMinHeartbeatIntervalMs = Int(config, Defs.GroupConsumerMinHeartbeatIntervalMs);
        groups.ConsumerGroupMaxHeartbeatIntervalMs = Int(config, Defs.GroupConsumerMaxHeartbeatIntervalMs);
        groups.ConsumerGroupMaxSize = Int(config, Defs.GroupConsumerMaxSize);
        groups.ConsumerGroupMigrationPolicy = ((string)config.GetValue(Defs.GroupConsumerMigrationPolicy.Name)!).ToLowerInvariant();
        Replace(groups.RebalanceProtocols, List(config, Defs.GroupCoordinatorRebalanceProtocols));
        Replace(groups.ConsumerGroupAssignors, List(config, Defs.GroupConsumerAssignors));
    }

    private static int Int(BrokerConfig config, ConfigDefinition row) => (int)config.GetValue(row.Name)!;

    private static IReadOnlyList<string> List(BrokerConfig config, ConfigDefinition row) => (IReadOnlyList<string>)config.GetValue(row.Name)!;

    private static void Replace(IList<string> target, IReadOnlyList<string> values)
    {
        target.Clear();
        foreach (string value in values)
        {
            target.Add(value.Trim().ToLowerInvariant());
        }
    }
}
