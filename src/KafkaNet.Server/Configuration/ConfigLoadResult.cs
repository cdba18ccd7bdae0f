namespace KafkaNet.Server.Configuration;

/// <summary>A loaded configuration and the warnings the host should log (such as unknown properties).</summary>
public sealed record ConfigLoadResult(BrokerConfig Config, IReadOnlyList<string> Warnings);
