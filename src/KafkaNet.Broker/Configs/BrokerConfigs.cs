using System.Globalization;

namespace KafkaNet.Broker.Configs;

/// <summary>
/// The broker configs DescribeConfigs reports for this broker: its identity and topic defaults.
/// All are read-only because dynamic broker configs are not supported yet.
/// </summary>
public static class BrokerConfigs
{
    public static IEnumerable<ConfigEntry> Describe(BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string nodeId = options.NodeId.ToString(CultureInfo.InvariantCulture);
        yield return Static("node.id", nodeId, ConfigType.Int);
        yield return Static("broker.id", nodeId, ConfigType.Int);
        yield return Static("log.dirs", options.DataDirectory, ConfigType.List);
        yield return Static("broker.rack", options.Rack, ConfigType.String);
        yield return Static("num.partitions", options.NumPartitions.ToString(CultureInfo.InvariantCulture), ConfigType.Int);
        yield return Static("default.replication.factor", options.DefaultReplicationFactor.ToString(CultureInfo.InvariantCulture), ConfigType.Int);
        yield return Static("auto.create.topics.enable", options.AutoCreateTopicsEnable ? "true" : "false", ConfigType.Boolean);
        yield return Static("delete.topic.enable", options.DeleteTopicEnable ? "true" : "false", ConfigType.Boolean);
        yield return Static("socket.request.max.bytes", options.SocketRequestMaxBytes.ToString(CultureInfo.InvariantCulture), ConfigType.Int);

        // Topic defaults: each topic config's broker synonym, once (several share a name with the topic config).
        foreach (var definition in TopicConfigs.All)
        {
            if (definition.BrokerSynonym is not { } name)
            {
                continue;
            }
            var synonyms = new List<ConfigSynonym>(2);
            if (options.TopicConfigDefaults.TryGetValue(name, out string? configured))
            {
                synonyms.Add(new ConfigSynonym(name, configured, ConfigSource.StaticBrokerConfig));
            }
            synonyms.Add(new ConfigSynonym(name, definition.DefaultValue, ConfigSource.DefaultConfig));
            yield return new ConfigEntry(name, synonyms[0].Value, synonyms[0].Source, definition.Type, ReadOnly: true, IsSensitive: false, synonyms);
        }
    }

    private static ConfigEntry Static(string name, string? value, ConfigType type) =>
        new(name, value, ConfigSource.StaticBrokerConfig, type, ReadOnly: true, IsSensitive: false,
            [new ConfigSynonym(name, value, ConfigSource.StaticBrokerConfig)]);
}
