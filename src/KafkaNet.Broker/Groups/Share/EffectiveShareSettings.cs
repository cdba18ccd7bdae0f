using System.Globalization;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.Assignment;

namespace KafkaNet.Broker.Groups.Share;

/// <summary>
/// A share group's effective settings: its group configs (share.*, errors.deadletterqueue.*) over the broker's
/// group.share.* defaults.
/// </summary>
internal sealed class EffectiveShareSettings(ShareGroupOptions broker, IReadOnlyDictionary<string, string> groupConfigs)
{
    public ShareGroupConfig Membership => new()
    {
        SessionTimeoutMs = Int(GroupConfigNames.ShareSessionTimeoutMs, broker.SessionTimeoutMs),
        HeartbeatIntervalMs = Int(GroupConfigNames.ShareHeartbeatIntervalMs, broker.HeartbeatIntervalMs),
        MaxSize = broker.MaxSize,
    };

    public SharePartitionConfig Partition => new()
    {
        DeliveryCountLimit = Int(GroupConfigNames.ShareDeliveryCountLimit, broker.DeliveryCountLimit),
        RecordLockDurationMs = Int(GroupConfigNames.ShareRecordLockDurationMs, broker.RecordLockDurationMs),
        MaxRecordLocks = broker.PartitionMaxRecordLocks,
        KeyOrdered = Flag(GroupConfigNames.ShareKeyOrderedEnable),
        ReadCommitted = string.Equals(Value(GroupConfigNames.ShareIsolationLevel)?.Trim(), "read_committed", StringComparison.Ordinal),
        DeadLetterTopic = NonBlank(GroupConfigNames.DeadLetterTopicName),
        DeadLetterCopyRecord = Flag(GroupConfigNames.DeadLetterCopyRecordEnable),
    };

    /// <summary>share.auto.offset.reset is earliest (latest, the default, and by_duration start elsewhere).</summary>
    public bool StartsAtEarliest => string.Equals(Value(GroupConfigNames.ShareAutoOffsetReset), "earliest", StringComparison.OrdinalIgnoreCase);

    private string? Value(string name) => groupConfigs.GetValueOrDefault(name);

    // A blank dead-letter topic name is the same as none.
    private string? NonBlank(string name) => string.IsNullOrWhiteSpace(Value(name)) ? null : Value(name)!.Trim();

    private bool Flag(string name) => string.Equals(Value(name)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private int Int(string name, int fallback) =>
        int.TryParse(Value(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
}
