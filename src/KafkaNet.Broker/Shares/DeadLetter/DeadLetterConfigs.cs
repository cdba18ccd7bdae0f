namespace KafkaNet.Broker.Shares.DeadLetter;

/// <summary>The configuration names of dead-letter topics for share groups (KIP-1191), with Kafka's defaults.</summary>
public static class DeadLetterConfigs
{
    /// <summary>Group config: the group's dead-letter topic; blank (the default) means the group has none.</summary>
    public const string TopicName = "errors.deadletterqueue.topic.name";

    /// <summary>Group config: copy the record's key and value (and here its headers and timestamp) onto the dead-letter topic. Default false.</summary>
    public const string CopyRecordEnable = "errors.deadletterqueue.copy.record.enable";

    /// <summary>Topic config: the topic may be used as a dead-letter topic. Default false.</summary>
    public const string GroupEnable = "errors.deadletterqueue.group.enable";

    /// <summary>Broker config: the prefix every dead-letter topic name must start with.</summary>
    public const string TopicNamePrefix = "errors.deadletterqueue.topic.name.prefix";

    /// <summary>Broker config: create a missing dead-letter topic on first use. Default false.</summary>
    public const string AutoCreateTopicsEnable = "errors.deadletterqueue.auto.create.topics.enable";

    public const string DefaultTopicNamePrefix = "dlq.";
}
