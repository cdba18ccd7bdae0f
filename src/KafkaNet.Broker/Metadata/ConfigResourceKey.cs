namespace KafkaNet.Broker.Metadata;

/// <summary>A config resource as ConfigRecord names it: Kafka's resource type (2 topic, 4 broker, ...) and name.</summary>
public readonly record struct ConfigResourceKey(sbyte ResourceType, string Name)
{
    public const sbyte TopicType = 2;

    public const sbyte BrokerType = 4;
}
