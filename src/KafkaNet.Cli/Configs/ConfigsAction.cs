namespace KafkaNet.Cli.Configs;

/// <summary>The action of `kafkanet configs`: exactly one per run, as in Kafka's kafka-configs.</summary>
internal enum ConfigsAction
{
    Help,
    Describe,
    Alter,
}
