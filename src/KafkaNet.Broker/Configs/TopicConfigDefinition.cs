namespace KafkaNet.Broker.Configs;

/// <summary>
/// One topic config: Kafka's name, type and default, the broker property that supplies a
/// cluster-wide default (null when there is none), and the check its values must pass.
/// </summary>
public sealed record TopicConfigDefinition(
    string Name,
    ConfigType Type,
    string DefaultValue,
    string? BrokerSynonym,
    ConfigValidator Validator)
{
    public bool IsList => Type == ConfigType.List;

    /// <summary>Null when the value is valid, otherwise Kafka's "Invalid value ... for configuration ..." message.</summary>
    public string? Check(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string? reason = Validator(value);
        return reason is null ? null : $"Invalid value {value} for configuration {Name}: {reason}";
    }
}
