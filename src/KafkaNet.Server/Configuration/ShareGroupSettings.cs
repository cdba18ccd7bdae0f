using KafkaNet.Broker.Shares;
using Defs = KafkaNet.Server.Configuration.BrokerConfigDefinitions;

namespace KafkaNet.Server.Configuration;

/// <summary>Carries the group.share.* and errors.deadletterqueue.* broker properties into the broker's share-group options.</summary>
public static class ShareGroupSettings
{
    public static void Apply(BrokerConfig config, ShareGroupOptions share)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(share);
        share.Enabled = (bool)config.GetValue(Defs.GroupShareEnable.Name)!;
        share.SessionTimeoutMs = Int(config, Defs.GroupShareSessionTimeoutMs);
        share.MinSessionTimeoutMs = Int(config, Defs.GroupShareMinSessionTimeoutMs);
        share.MaxSessionTimeoutMs = Int(config, Defs.GroupShareMaxSessionTimeoutMs);
        share.HeartbeatIntervalMs = Int(config, Defs.GroupShareHeartbeatIntervalMs);
        share.MinHeartbeatIntervalMs = Int(config, Defs.GroupShareMinHeartbeatIntervalMs);
        share.MaxHeartbeatIntervalMs = Int(config, Defs.GroupShareMaxHeartbeatIntervalMs);
        share.MaxSize = Int(config, Defs.GroupShareMaxSize);
        share.RecordLockDurationMs = Int(config, Defs.GroupShareRecordLockDurationMs);
        share.MinRecordLockDurationMs = Int(config, Defs.GroupShareMinRecordLockDurationMs);
        share.MaxRecordLockDurationMs = Int(config, Defs.GroupShareMaxRecordLockDurationMs);
        share.DeliveryCountLimit = Int(config, Defs.GroupShareDeliveryCountLimit);
        share.MinDeliveryCountLimit = Int(config, Defs.GroupShareMinDeliveryCountLimit);
        share.MaxDeliveryCountLimit = Int(config, Defs.GroupShareMaxDeliveryCountLimit);
        share.PartitionMaxRecordLocks = Int(config, Defs.GroupSharePartitionMaxRecordLocks);
        share.DeadLetterTopicNamePrefix = (string)config.GetValue(Defs.ErrorsDeadLetterQueueTopicNamePrefix.Name)!;
        share.DeadLetterAutoCreateTopics = (bool)config.GetValue(Defs.ErrorsDeadLetterQueueAutoCreateTopicsEnable.Name)!;
        share.Assignors.Clear();
        foreach (string assignor in (IReadOnlyList<string>)config.GetValue(Defs.GroupShareAssignors.Name)!)
        {
            share.Assignors.Add(assignor.Trim().ToLowerInvariant());
        }
    }

    private static int Int(BrokerConfig config, ConfigDefinition row) => (int)config.GetValue(row.Name)!;
}
