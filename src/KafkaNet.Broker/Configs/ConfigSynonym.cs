namespace KafkaNet.Broker.Configs;

/// <summary>One of the places a config value could come from, in precedence order.</summary>
public sealed record ConfigSynonym(string Name, string? Value, ConfigSource Source);
