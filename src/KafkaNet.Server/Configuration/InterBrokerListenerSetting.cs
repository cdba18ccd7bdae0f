namespace KafkaNet.Server.Configuration;

/// <summary>
/// The inter-broker listener as configured: inter.broker.listener.name, or else the listener named after
/// security.inter.broker.protocol, as Kafka resolves them.
/// </summary>
internal static class InterBrokerListenerSetting
{
    /// <exception cref="ConfigException">Both are set, or the protocol names no advertised listener.</exception>
    public static string? Configured(ConfigValues values, IReadOnlyList<ListenerEndpoint> advertised)
    {
        string? name = values.GetOptionalString(BrokerConfigDefinitions.InterBrokerListenerName);
        string? protocol = values.GetOptionalString(BrokerConfigDefinitions.SecurityInterBrokerProtocol);
        if (protocol is null)
        {
            return name;
        }
        if (name is not null)
        {
            throw new ConfigException(BrokerConfigDefinitions.SecurityInterBrokerProtocol.Name, protocol,
                "Only one of inter.broker.listener.name and security.inter.broker.protocol should be set");
        }
        string listener = protocol.ToUpperInvariant();
        if (!SecurityProtocolNames.All.Contains(listener) || !advertised.Any(a => a.Name == listener))
        {
            throw new ConfigException(BrokerConfigDefinitions.SecurityInterBrokerProtocol.Name, protocol,
                "It must be a security protocol with an advertised listener of that name (or set inter.broker.listener.name)");
        }
        return listener;
    }
}
