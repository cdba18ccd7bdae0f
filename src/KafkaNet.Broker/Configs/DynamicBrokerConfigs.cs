using System.Collections.Immutable;
using System.Globalization;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Network;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Configs;

/// <summary>
/// This broker's configs as DescribeConfigs reports them, and the dynamic ones the metadata image
/// carries (BROKER resources named with this node's id, or "" for the cluster-wide default).
/// Applying an image makes new topic defaults live at once: the topic config resolver switches to
/// them and every open log is given its recomputed config.
/// </summary>
public sealed class DynamicBrokerConfigs
{
    private readonly KafkaBroker _broker;
    private readonly Lock _gate = new();

    public DynamicBrokerConfigs(KafkaBroker broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        _broker = broker;
    }

    private string NodeName => _broker.Options.NodeId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Takes the dynamic broker configs of <paramref name="update"/>'s image when they changed for this node or the cluster default.</summary>
    public void Apply(MetadataUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var perBroker = update.Image.ConfigsOf(new ConfigResourceKey(ConfigResourceKey.BrokerType, NodeName));
        var clusterDefault = update.Image.ConfigsOf(new ConfigResourceKey(ConfigResourceKey.BrokerType, ""));
        lock (_gate)
        {
            var resolver = _broker.TopicConfigResolver;
            var current = resolver.Layers;
            // The image keeps a resource's dictionary instance until that resource changes.
            if (ReferenceEquals(current.DynamicBroker, perBroker) && ReferenceEquals(current.DynamicDefault, clusterDefault))
            {
                return;
            }
            resolver.Layers = current with { DynamicBroker = perBroker, DynamicDefault = clusterDefault };
            ApplyConnectionLimits(perBroker, clusterDefault);
            if (_broker.Replicas is { } replicas)
            {
                foreach (var topic in _broker.Topics.Topics)
                {
                    replicas.UpdateConfig(topic.Name, topic.TopicId, topic.Configs);
                }
            }
        }
    }

    // max.connections and max.connections.per.ip(.overrides) are dynamic in Kafka: new connections see them at once.
    private void ApplyConnectionLimits(IReadOnlyDictionary<string, string> perBroker, IReadOnlyDictionary<string, string> clusterDefault)
    {
        try
        {
            var limits = ConnectionLimits.From(_broker.Options, name => perBroker.GetValueOrDefault(name) ?? clusterDefault.GetValueOrDefault(name));
            _broker.ConnectionQuotas.Reconfigure(limits);
        }
        catch (FormatException e)
        {
            // Kafka validates these when they are altered; one that got through leaves the limits as they were.
            Log.ConnectionLimitsNotApplied(_broker.LoggerFactory.CreateLogger<DynamicBrokerConfigs>(), e.Message);
        }
    }

    /// <summary>Every broker config with its value, source, synonyms and documentation, by name.</summary>
    public IEnumerable<ConfigEntry> Describe()
    {
        var layers = _broker.TopicConfigResolver.Layers with { Static = StaticValues() };
        foreach (var definition in BrokerConfigCatalog.All)
        {
            var synonyms = layers.Synonyms(BrokerConfigCatalog.Synonyms(definition.Name));
            var (value, source) = layers.ValueOf(definition.Name);
            yield return Entry(definition, definition.Name, value, source, synonyms);
        }
    }

    /// <summary>The cluster-wide dynamic defaults that are set (DescribeConfigs of the BROKER resource "").</summary>
    public IEnumerable<ConfigEntry> DescribeClusterDefaults()
    {
        var defaults = _broker.TopicConfigResolver.Layers.DynamicDefault;
        foreach (var (name, value) in defaults.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var definition = BrokerConfigCatalog.Find(name)
                ?? new BrokerConfigDefinition(name, ConfigType.String, null, DynamicUpdateMode.ClusterWide, "");
            var synonym = new ConfigSynonym(name, value, ConfigSource.DynamicDefaultBrokerConfig);
            yield return Entry(definition, name, value, ConfigSource.DynamicDefaultBrokerConfig, [synonym]);
        }
    }

    private static ConfigEntry Entry(BrokerConfigDefinition definition, string name, string? value, ConfigSource source, List<ConfigSynonym> synonyms)
    {
        if (definition.IsSensitive)
        {
            value = null;
            synonyms = [.. synonyms.Select(s => s with { Value = null })];
        }
        return new ConfigEntry(name, value, source, definition.Type, definition.IsReadOnly, definition.IsSensitive, synonyms, definition.Documentation);
    }

    // The file's values, the topic defaults given as options, and what the options say of this node
    // where the file does not (an embedded broker has no file).
    private ImmutableDictionary<string, string> StaticValues()
    {
        var options = _broker.Options;
        var values = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        string nodeId = NodeName;
        values["node.id"] = nodeId;
        values["broker.id"] = nodeId;
        values["log.dirs"] = options.DataDirectory;
        values["advertised.listeners"] = $"PLAINTEXT://{options.AdvertisedEndpoint.Host}:{options.AdvertisedEndpoint.Port.ToString(CultureInfo.InvariantCulture)}";
        SetIfChanged(values, "num.partitions", options.NumPartitions, 1);
        SetIfChanged(values, "default.replication.factor", options.DefaultReplicationFactor, 1);
        SetIfChanged(values, "socket.request.max.bytes", options.SocketRequestMaxBytes, 104857600);
        SetIfChanged(values, "auto.create.topics.enable", options.AutoCreateTopicsEnable ? 1 : 0, 1);
        SetIfChanged(values, "delete.topic.enable", options.DeleteTopicEnable ? 1 : 0, 1);
        if (options.Rack is { } rack)
        {
            values["broker.rack"] = rack;
        }
        foreach (var (name, value) in options.TopicConfigDefaults)
        {
            values[name] = value;
        }
        foreach (var (name, value) in options.StaticConfigs)
        {
            values[name] = value;
        }
        if (options.StaticConfigs.ContainsKey("log.dir") && !options.StaticConfigs.ContainsKey("log.dirs"))
        {
            values.Remove("log.dirs");
        }
        return values.ToImmutable();
    }

    private static void SetIfChanged(ImmutableDictionary<string, string>.Builder values, string name, long value, long kafkaDefault)
    {
        if (value != kafkaDefault)
        {
            values[name] = BrokerConfigCatalog.Find(name)?.Type == ConfigType.Boolean
                ? (value != 0 ? "true" : "false")
                : value.ToString(CultureInfo.InvariantCulture);
        }
    }
}
