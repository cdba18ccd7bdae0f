namespace KafkaNet.Cli.Reassignment;

/// <summary>The action of `kafkanet reassign-partitions`: exactly one per run, as in Kafka's kafka-reassign-partitions.</summary>
internal enum ReassignmentAction
{
    Help,
    Generate,
    Execute,
    Verify,
    List,
    Cancel,
}
