namespace KafkaNet.Broker.Configs;

/// <summary>The resource a config belongs to, numbered as the config APIs send it.</summary>
public enum ConfigResourceType : sbyte
{
    Unknown = 0,
    Topic = 2,
    Broker = 4,
    BrokerLogger = 8,
    ClientMetrics = 16,
    Group = 32,
}
