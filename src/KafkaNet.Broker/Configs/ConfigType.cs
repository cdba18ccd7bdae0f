namespace KafkaNet.Broker.Configs;

/// <summary>The type of a config, numbered as DescribeConfigs v3+ sends it.</summary>
public enum ConfigType : sbyte
{
    Unknown = 0,
    Boolean = 1,
    String = 2,
    Int = 3,
    Short = 4,
    Long = 5,
    Double = 6,
    List = 7,
    Class = 8,
    Password = 9,
}
