namespace KafkaNet.Cli.ConsumerGroups;

/// <summary>The action of `kafkanet consumer-groups`: exactly one per run, as in Kafka's kafka-consumer-groups.</summary>
internal enum ConsumerGroupsAction
{
    Help,
    List,
    Describe,
    ResetOffsets,
    DeleteOffsets,
    Delete,
}

/// <summary>What --describe shows: committed offsets and lag (the default), members, or the group's state.</summary>
internal enum DescribeView
{
    Offsets,
    Members,
    State,
}

/// <summary>Where --reset-offsets moves each partition's committed offset.</summary>
internal enum ResetScenario
{
    None,
    ToEarliest,
    ToLatest,
    ToCurrent,
    ToOffset,
    ShiftBy,
    ToDatetime,
    ByDuration,
}
