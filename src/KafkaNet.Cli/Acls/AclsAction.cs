namespace KafkaNet.Cli.Acls;

/// <summary>The action of `kafkanet acls`: exactly one per run, as in Kafka's kafka-acls.</summary>
internal enum AclsAction
{
    Help,
    Add,
    Remove,
    List,
}
