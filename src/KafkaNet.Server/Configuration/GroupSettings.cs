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

    /// <summary>Kafka refuses to start when a consumer-group timeout lies outside its bounds.</summary>
    /// <exception cref="ConfigException">The values do not fit together.</exception>
    internal static void CheckConsumerGroupTimeouts(ConfigValues values)
    {
        Within(values, Defs.GroupConsumerSessionTimeoutMs, Defs.GroupConsumerMinSessionTimeoutMs, Defs.GroupConsumerMaxSessionTimeoutMs);
        Within(values, Defs.GroupConsumerHeartbeatIntervalMs, Defs.GroupConsumerMinHeartbeatIntervalMs, Defs.GroupConsumerMaxHeartbeatIntervalMs);
        int heartbeat = values.GetInt(Defs.GroupConsumerHeartbeatIntervalMs);
        if (heartbeat >= values.GetInt(Defs.GroupConsumerSessionTimeoutMs))
        {
            throw new ConfigException(Defs.GroupConsumerHeartbeatIntervalMs.Name, Text(heartbeat),
                $"Must be less than {Defs.GroupConsumerSessionTimeoutMs.Name}");
        }
    }

    private static void Within(ConfigValues values, ConfigDefinition row, ConfigDefinition minRow, ConfigDefinition maxRow)
    {
        int value = values.GetInt(row), min = values.GetInt(minRow), max = values.GetInt(maxRow);
        if (max < min)
        {
            throw new ConfigException(maxRow.Name, Text(max), $"Must be greater than or equal to {minRow.Name}");
        }
        if (value < min)
        {
            throw new ConfigException(row.Name, Text(value), $"Must be greater than or equal to {minRow.Name}");
        }
        if (value > max)
        {
            throw new ConfigException(row.Name, Text(value), $"Must be less than or equal to {maxRow.Name}");
        }
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

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
