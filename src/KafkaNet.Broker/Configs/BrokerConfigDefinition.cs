namespace KafkaNet.Broker.Configs;

/// <summary>
/// One broker config: Kafka's name, type and default (null when Kafka has none), whether it can change
/// at runtime, a short description, and the check its values must pass (null: its type alone).
/// </summary>
public sealed record BrokerConfigDefinition(
    string Name,
    ConfigType Type,
    string? DefaultValue,
    DynamicUpdateMode Mode,
    string Documentation,
    ConfigValidator? Validator = null)
{
    /// <summary>Passwords are never sent back: DescribeConfigs reports them with a null value.</summary>
    public bool IsSensitive => Type == ConfigType.Password;

    public bool IsReadOnly => Mode == DynamicUpdateMode.ReadOnly;
}
