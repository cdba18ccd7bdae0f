using KafkaNet.Broker;
using Defs = KafkaNet.Server.Configuration.BrokerConfigDefinitions;

namespace KafkaNet.Server.Configuration;

/// <summary>Carries max.connections, max.connections.per.ip(.overrides), max.connection.creation.rate and connections.max.idle.ms into the broker's options.</summary>
public static class ConnectionSettings
{
    public static void Apply(BrokerConfig config, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        options.MaxConnections = (int)config.GetValue(Defs.MaxConnections.Name)!;
        options.MaxConnectionsPerIp = (int)config.GetValue(Defs.MaxConnectionsPerIp.Name)!;
        options.MaxConnectionsPerIpOverrides = (string)config.GetValue(Defs.MaxConnectionsPerIpOverrides.Name)!;
        options.MaxConnectionCreationRate = (int)config.GetValue(Defs.MaxConnectionCreationRate.Name)!;
        options.ConnectionsMaxIdleMs = config.ConnectionsMaxIdleMs;
        ListenerConnectionLimits.Apply(config, options);
        options.QuotaWindowNum = (int)config.GetValue(Defs.QuotaWindowNum.Name)!;
        options.QuotaWindowSizeSeconds = (int)config.GetValue(Defs.QuotaWindowSizeSeconds.Name)!;
    }
}
