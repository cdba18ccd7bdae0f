namespace KafkaNet.Broker;

/// <summary>A host and port a client connects to.</summary>
public sealed record BrokerEndpoint(string Host, int Port)
{
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
