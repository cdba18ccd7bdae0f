namespace KafkaNet.Broker.Configs;

/// <summary>Where a config value comes from, numbered as DescribeConfigs v1+ sends it.</summary>
public enum ConfigSource : sbyte
{
    Unknown = 0,
    TopicConfig = 1,
    DynamicBrokerConfig = 2,
    DynamicDefaultBrokerConfig = 3,
    StaticBrokerConfig = 4,
    DefaultConfig = 5,
    DynamicBrokerLoggerConfig = 6,
    ClientMetricsConfig = 7,
    GroupConfig = 8,
}
