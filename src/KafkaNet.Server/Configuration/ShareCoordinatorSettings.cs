using KafkaNet.Broker.Shares.Coordinator;
using Defs = KafkaNet.Server.Configuration.BrokerConfigDefinitions;

namespace KafkaNet.Server.Configuration;

/// <summary>Carries the share.coordinator.* properties into the share coordinator's options.</summary>
public static class ShareCoordinatorSettings
{
    public static void Apply(BrokerConfig config, ShareCoordinatorOptions coordinator)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(coordinator);
        coordinator.StateTopicNumPartitions = Int(config, Defs.ShareCoordinatorStateTopicNumPartitions);
        coordinator.StateTopicReplicationFactor = (short)Int(config, Defs.ShareCoordinatorStateTopicReplicationFactor);
        coordinator.StateTopicMinIsr = (short)Int(config, Defs.ShareCoordinatorStateTopicMinIsr);
        coordinator.StateTopicSegmentBytes = Int(config, Defs.ShareCoordinatorStateTopicSegmentBytes);
        coordinator.StateTopicCompressionCodec = Int(config, Defs.ShareCoordinatorStateTopicCompressionCodec);
        coordinator.SnapshotUpdateRecordsPerSnapshot = Int(config, Defs.ShareCoordinatorSnapshotUpdateRecordsPerSnapshot);
        coordinator.WriteTimeoutMs = Int(config, Defs.ShareCoordinatorWriteTimeoutMs);
    }

    private static int Int(BrokerConfig config, ConfigDefinition row) => (int)config.GetValue(row.Name)!;
}
