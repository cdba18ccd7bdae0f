namespace KafkaNet.Broker.Configs;

/// <summary>Checks one config value; returns null when valid, otherwise the reason (Kafka's wording).</summary>
public delegate string? ConfigValidator(string value);
