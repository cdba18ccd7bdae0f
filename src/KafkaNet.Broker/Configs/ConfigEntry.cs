namespace KafkaNet.Broker.Configs;

/// <summary>A config as DescribeConfigs reports it: the effective value, its source and its synonyms.</summary>
public sealed record ConfigEntry(
    string Name,
    string? Value,
    ConfigSource Source,
    ConfigType Type,
    bool ReadOnly,
    bool IsSensitive,
    IReadOnlyList<ConfigSynonym> Synonyms,
    string? Documentation = null);
