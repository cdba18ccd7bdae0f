namespace KafkaNet.Server.Configuration;

/// <summary>
/// The share-group (KIP-932) rows of the configuration table: group.share.*, with Kafka 4.2's names and defaults,
/// and the broker's side of share groups' dead-letter topics (KIP-1191).
/// </summary>
public static partial class BrokerConfigDefinitions
{
    // ---- Share groups ----
    public static readonly ConfigDefinition GroupShareEnable = Define(
        "group.share.enable", ConfigType.Boolean, "true",
        "Whether share groups are served (ShareGroupHeartbeat, ShareGroupDescribe and the other share APIs). On by default, as Kafka 4.2 serves them; false serves and advertises none of them.");

    public static readonly ConfigDefinition GroupShareSessionTimeoutMs = Define(
        "group.share.session.timeout.ms", ConfigType.Int, "45000",
        "A share-group member not heard from for this long, in milliseconds, is fenced.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition GroupShareMinSessionTimeoutMs = Define(
        "group.share.min.session.timeout.ms", ConfigType.Int, "45000",
        "The shortest session timeout a share group may be configured with.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition GroupShareMaxSessionTimeoutMs = Define(
        "group.share.max.session.timeout.ms", ConfigType.Int, "60000",
        "The longest session timeout a share group may be configured with.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition GroupShareHeartbeatIntervalMs = Define(
        "group.share.heartbeat.interval.ms", ConfigType.Int, "5000",
        "How often, in milliseconds, share-group members are told to heartbeat.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition GroupShareMinHeartbeatIntervalMs = Define(
        "group.share.min.heartbeat.interval.ms", ConfigType.Int, "5000",
        "The shortest heartbeat interval a share group may be configured with.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition GroupShareMaxHeartbeatIntervalMs = Define(
        "group.share.max.heartbeat.interval.ms", ConfigType.Int, "15000",
        "The longest heartbeat interval a share group may be configured with.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition GroupShareMaxSize = Define(
        "group.share.max.size", ConfigType.Int, "200",
        "The most members one share group may have.",
        ConfigValidators.All(ConfigValidators.AtLeast(1), ConfigValidators.AtMost(1000)));

    public static readonly ConfigDefinition GroupShareRecordLockDurationMs = Define(
        "group.share.record.lock.duration.ms", ConfigType.Int, "30000",
        "How long, in milliseconds, a record acquired by a share-group member stays locked to it.",
        ConfigValidators.AtLeast(1000));

    public static readonly ConfigDefinition GroupShareMinRecordLockDurationMs = Define(
        "group.share.min.record.lock.duration.ms", ConfigType.Int, "15000",
        "The shortest record lock duration a share group may be configured with.",
        ConfigValidators.AtLeast(1000));

    public static readonly ConfigDefinition GroupShareMaxRecordLockDurationMs = Define(
        "group.share.max.record.lock.duration.ms", ConfigType.Int, "60000",
        "The longest record lock duration a share group may be configured with.",
        ConfigValidators.AtLeast(1000));

    public static readonly ConfigDefinition GroupShareDeliveryCountLimit = Define(
        "group.share.delivery.count.limit", ConfigType.Int, "5",
        "How many times a record is delivered to share-group members before it is archived.",
        ConfigValidators.AtLeast(2));

    public static readonly ConfigDefinition GroupShareMinDeliveryCountLimit = Define(
        "group.share.min.delivery.count.limit", ConfigType.Int, "2",
        "The lowest delivery count limit a share group may be configured with.",
        ConfigValidators.AtLeast(2));

    public static readonly ConfigDefinition GroupShareMaxDeliveryCountLimit = Define(
        "group.share.max.delivery.count.limit", ConfigType.Int, "10",
        "The highest delivery count limit a share group may be configured with.",
        ConfigValidators.AtLeast(2));

    public static readonly ConfigDefinition GroupSharePartitionMaxRecordLocks = Define(
        "group.share.partition.max.record.locks", ConfigType.Int, "2000",
        "The most in-flight records of one share-partition.",
        ConfigValidators.AtLeast(100));

    public static readonly ConfigDefinition GroupShareAssignors = Define(
        "group.share.assignors", ConfigType.List, "simple",
        "Server-side assignors of share groups; KafkaNet has the simple assignor.",
        ConfigValidators.All(ConfigValidators.NonEmptyList(), ConfigValidators.ItemsIn("simple"), ConfigValidators.NoDuplicates()));

    // ---- Dead-letter topics of share groups (KIP-1191) ----
    public static readonly ConfigDefinition ErrorsDeadLetterQueueTopicNamePrefix = Define(
        "errors.deadletterqueue.topic.name.prefix", ConfigType.String, "dlq.",
        "The prefix every share group's dead-letter topic name (errors.deadletterqueue.topic.name) must start with; empty allows any name.");

    public static readonly ConfigDefinition ErrorsDeadLetterQueueAutoCreateTopicsEnable = Define(
        "errors.deadletterqueue.auto.create.topics.enable", ConfigType.Boolean, "false",
        "Whether a share group's dead-letter topic that does not exist is created when it is first written; when off, a group may not name a missing topic.");
}
