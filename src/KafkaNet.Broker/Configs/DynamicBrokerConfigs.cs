using System.Collections.Immutable;
using System.Globalization;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Configs;

/// <summary>
/// This broker's configs as DescribeConfigs reports them, and the dynamic ones the metadata image
/// carries (BROKER resources named with this node's id, or "" for the cluster-wide default).
/// Applying an image makes new topic defaults live at once: the topic config resolver switches to
/// them and every open log is given its recomputed config.
/// </summary>
public sealed partial class DynamicBrokerConfigs
{
    private readonly KafkaBroker _broker;
    private readonly Lock _gate = new();
    private readonly List<IBrokerReconfigurable> _reconfigurables = [];

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
            foreach (var reconfigurable in _reconfigurables)
            {
                Reconfigure(reconfigurable, resolver.Layers);
            }
            if (_broker.Replicas is { } replicas)
            {
                foreach (var topic in _broker.Topics.Topics)
                {
                    replicas.UpdateConfig(topic.Name, topic.TopicId, topic.Configs);
                }
            }
        }
    }

    /// <summary>Hands <paramref name="reconfigurable"/> the configs in force now and at every later change.</summary>
    public void AddReconfigurable(IBrokerReconfigurable reconfigurable)
    {
        ArgumentNullException.ThrowIfNull(reconfigurable);
        lock (_gate)
        {
            _reconfigurables.Add(reconfigurable);
            Reconfigure(reconfigurable, _broker.TopicConfigResolver.Layers);
        }
    }

    /// <summary>
    /// Checks a change of a BROKER resource's configs before it is stored, as Kafka's broker does before forwarding it
    /// to the controller: a change some reconfigurable concerns (a listener's keystore) must name this broker and be
    /// one it can apply (the new keystore loads, its certificate keeps its names), else INVALID_REQUEST with the reason.
    /// Other changes are left to the controller's checks.
    /// </summary>
    /// <param name="changes">Each config set (its value) or deleted (null).</param>
    /// <param name="replacesAll">AlterConfigs: the configs given replace all of the resource's.</param>
    public ApiError CheckAlteration(string resourceName, IReadOnlyCollection<KeyValuePair<string, string?>> changes, bool replacesAll)
    {
        ArgumentNullException.ThrowIfNull(resourceName);
        ArgumentNullException.ThrowIfNull(changes);
        var layers = _broker.TopicConfigResolver.Layers;
        var proposed = replacesAll
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(layers.DynamicBroker, StringComparer.Ordinal);
        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                proposed.Remove(name);
            }
            else
            {
                proposed[name] = value;
            }
        }
        var changed = Changed(layers.DynamicBroker, proposed).ToList();
        IBrokerReconfigurable[] concerned;
        lock (_gate)
        {
            concerned = [.. _reconfigurables.Where(r => changed.Exists(r.Reconfigures))];
        }
        if (concerned.Length == 0 || resourceName.Length == 0 || BrokerConfigCatalog.ValidateDynamic(changes, perBroker: true).IsError)
        {
            // The controller refuses cluster-wide defaults of per-broker configs and unknown or invalid ones.
            return ApiError.None;
        }
        if (resourceName != NodeName)
        {
            return new ApiError(ErrorCode.InvalidRequest, $"Unexpected broker id, expected {NodeName}, but received {resourceName}");
        }
        var next = layers with { DynamicBroker = proposed };
        foreach (var reconfigurable in concerned)
        {
            if (reconfigurable.Validate(next) is { } reason)
            {
                return new ApiError(ErrorCode.InvalidRequest, $"Invalid config value for resource ConfigResource(type=BROKER, name='{resourceName}'): {reason}");
            }
        }
        return ApiError.None;
    }

    private static IEnumerable<string> Changed(IReadOnlyDictionary<string, string> before, Dictionary<string, string> after) =>
        before.Keys.Where(k => !after.ContainsKey(k))
            .Concat(after.Where(c => !before.TryGetValue(c.Key, out string? old) || old != c.Value).Select(c => c.Key));

    private void Reconfigure(IBrokerReconfigurable reconfigurable, BrokerConfigLayers layers)
    {
        try
        {
            reconfigurable.Reconfigure(layers);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Checked before it was stored; a change that still cannot be applied leaves things as they were.
            LogReconfigureFailed(_broker.LoggerFactory.CreateLogger<DynamicBrokerConfigs>(), reconfigurable.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "{Reconfigurable} could not take the changed dynamic broker configs and keeps its previous ones: {Reason}")]
    private static partial void LogReconfigureFailed(ILogger logger, string reconfigurable, string reason);

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
        // A listener's own ssl.* configs, where set, as Kafka lists them.
        var listenerConfigs = layers.DynamicBroker.Keys.Concat(layers.Static.Keys)
            .Where(n => BrokerConfigCatalog.TrySplitListenerConfig(n, out _, out _))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (string name in listenerConfigs)
        {
            if (BrokerConfigCatalog.Find(name) is { } definition)
            {
                var (value, source) = layers.ValueOf(name);
                yield return Entry(definition, name, value, source, layers.Synonyms(BrokerConfigCatalog.Synonyms(name)));
            }
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
