using System.Globalization;
using KafkaNet.Broker;

namespace KafkaNet.Server.Configuration;

/// <summary>Reads listener.name.&lt;listener&gt;.max.connections for each client listener, as Kafka's per-listener limit.</summary>
public static class ListenerConnectionLimits
{
    /// <exception cref="ConfigException">A limit is not a whole number of at least 0.</exception>
    public static void Apply(BrokerConfig config, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var listener in config.IsBroker ? config.BrokerListeners : [])
        {
            string name = "listener.name." + listener.Name.ToLowerInvariant() + "." + BrokerConfigDefinitions.MaxConnections.Name;
            if (!config.Properties.TryGetValue(name, out string? written))
            {
                continue;
            }
            if (!int.TryParse(written.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int limit))
            {
                throw new ConfigException(name, written, "Value must be at least 0");
            }
            options.ListenerMaxConnections[listener.Name] = limit;
        }
    }
}
