namespace KafkaNet.Cli.Topics;

/// <summary>The action of `kafkanet topics`: exactly one per run, as in Kafka's kafka-topics.</summary>
internal enum TopicsAction
{
    Help,
    List,
    Describe,
    Create,
    Alter,
    Delete,
}
