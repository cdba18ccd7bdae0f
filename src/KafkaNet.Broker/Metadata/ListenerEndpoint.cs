namespace KafkaNet.Broker.Metadata;

/// <summary>One listener of a registered broker, as its RegisterBrokerRecord carries it.</summary>
public sealed record ListenerEndpoint(string Listener, string Host, int Port, short SecurityProtocol);
