using System.Globalization;
using KafkaNet.Broker;
using KafkaNet.Broker.Configs;

namespace KafkaNet.Server.Configuration;

/// <summary>
/// Hands the file's broker configs to the broker: every property the catalog knows goes to
/// <see cref="BrokerOptions.StaticConfigs"/> (reported as STATIC_BROKER_CONFIG), and the topic
/// defaults among them (log.retention.hours, log.cleanup.policy...) to
/// <see cref="BrokerOptions.TopicConfigDefaults"/>, where topics inherit them.
/// </summary>
public static class StaticBrokerConfigs
{
    /// <exception cref="ConfigException">A topic default has a value Kafka would refuse.</exception>
    public static void Fill(BrokerConfig config, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (name, raw) in config.Properties)
        {
            if (BrokerConfigCatalog.Find(name) is null)
            {
                continue;
            }
            string value = raw.Trim();
            options.StaticConfigs[name] = value;
            if (TopicConfigs.FindByBrokerSynonym(name) is { } topic)
            {
                if (topic.Validator(value) is { } problem)
                {
                    throw new ConfigException(name, value, problem);
                }
                options.TopicConfigDefaults[name] = value;
            }
        }
        // Where KafkaNet's defaults differ from Kafka's, report the values in force.
        options.StaticConfigs.TryAdd("node.id", config.NodeId.ToString(CultureInfo.InvariantCulture));
        options.StaticConfigs.TryAdd("process.roles", string.Join(',', config.ProcessRoles));
        if (!config.Properties.ContainsKey("log.dir"))
        {
            options.StaticConfigs.TryAdd("log.dirs", string.Join(',', config.LogDirs));
        }
    }
}
