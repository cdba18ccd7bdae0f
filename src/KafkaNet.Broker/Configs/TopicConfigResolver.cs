using System.Globalization;

namespace KafkaNet.Broker.Configs;

/// <summary>
/// Resolves a topic's effective configs: the topic's own override, else the broker-level default
/// (log.retention.ms and friends: dynamic per-broker, dynamic cluster default, then static), else
/// Kafka's built-in default. Synonyms list every level that has a value, most specific first.
/// The broker-level values change at runtime through <see cref="Layers"/>.
/// </summary>
public sealed class TopicConfigResolver
{
    private volatile BrokerConfigLayers _layers;

    /// <param name="brokerDefaults">Static broker-level defaults, by broker property name.</param>
    public TopicConfigResolver(IReadOnlyDictionary<string, string> brokerDefaults)
    {
        ArgumentNullException.ThrowIfNull(brokerDefaults);
        _layers = BrokerConfigLayers.FromStatic(brokerDefaults);
    }

    /// <summary>The broker config values topic defaults come from; replaced whole when dynamic configs change.</summary>
    public BrokerConfigLayers Layers
    {
        get => _layers;
        set => _layers = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The value a topic without an override gets, and where it comes from.</summary>
    public (string Value, ConfigSource Source) DefaultFor(TopicConfigDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var layers = _layers;
        var sources = BrokerConfigCatalog.TopicDefaultSources(definition);
        return Find(sources, layers.DynamicBroker, ConfigSource.DynamicBrokerConfig)
            ?? Find(sources, layers.DynamicDefault, ConfigSource.DynamicDefaultBrokerConfig)
            ?? Find(sources, layers.Static, ConfigSource.StaticBrokerConfig)
            ?? (definition.DefaultValue, ConfigSource.DefaultConfig);
    }

    public string EffectiveValue(TopicConfigDefinition definition, IReadOnlyDictionary<string, string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        return overrides.TryGetValue(definition.Name, out string? value) ? value : DefaultFor(definition).Value;
    }

    /// <summary>Every topic config with its effective value, in table order.</summary>
    public IEnumerable<ConfigEntry> Describe(IReadOnlyDictionary<string, string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var definition in TopicConfigs.All)
        {
            yield return Describe(definition, overrides);
        }
    }

    public ConfigEntry Describe(TopicConfigDefinition definition, IReadOnlyDictionary<string, string> overrides)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(overrides);
        var synonyms = new List<ConfigSynonym>(3);
        bool own = overrides.TryGetValue(definition.Name, out string? ownValue);
        if (own)
        {
            synonyms.Add(new ConfigSynonym(definition.Name, ownValue, ConfigSource.TopicConfig));
        }
        var sources = BrokerConfigCatalog.TopicDefaultSources(definition);
        synonyms.AddRange(_layers.Synonyms([.. sources.Select(s => s.Name)], includeDefaults: false));
        synonyms.Add(new ConfigSynonym(definition.BrokerSynonym ?? definition.Name, definition.DefaultValue, ConfigSource.DefaultConfig));
        var (value, source) = own ? (ownValue!, ConfigSource.TopicConfig) : DefaultFor(definition);
        return new ConfigEntry(definition.Name, value, source, definition.Type, ReadOnly: false, IsSensitive: false, synonyms);
    }

    private static (string Value, ConfigSource Source)? Find(
        IReadOnlyList<(string Name, long Factor)> sources, IReadOnlyDictionary<string, string> layer, ConfigSource source)
    {
        for (int i = 0; i < sources.Count; i++)
        {
            var (name, factor) = sources[i];
            if (layer.TryGetValue(name, out string? value))
            {
                return (factor == 1 ? value : Scale(value, factor), source);
            }
        }
        return null;
    }

    // log.retention.hours=2 means retention.ms=7200000; any negative value means unlimited (-1).
    private static string Scale(string value, long factor) =>
        !long.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed) ? value
        : parsed < 0 ? "-1"
        : (parsed * factor).ToString(CultureInfo.InvariantCulture);
}
