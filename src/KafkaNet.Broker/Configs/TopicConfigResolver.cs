namespace KafkaNet.Broker.Configs;

/// <summary>
/// Resolves a topic's effective configs: the topic's own override, else the broker-level default
/// (log.retention.ms and friends from <see cref="BrokerOptions.TopicConfigDefaults"/>), else
/// Kafka's built-in default. Synonyms list every level that has a value, most specific first.
/// </summary>
public sealed class TopicConfigResolver
{
    private readonly IReadOnlyDictionary<string, string> _brokerDefaults;

    public TopicConfigResolver(IReadOnlyDictionary<string, string> brokerDefaults)
    {
        ArgumentNullException.ThrowIfNull(brokerDefaults);
        _brokerDefaults = brokerDefaults;
    }

    /// <summary>The value a topic without an override gets, and where it comes from.</summary>
    public (string Value, ConfigSource Source) DefaultFor(TopicConfigDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.BrokerSynonym is { } synonym && _brokerDefaults.TryGetValue(synonym, out string? brokerValue)
            ? (brokerValue, ConfigSource.StaticBrokerConfig)
            : (definition.DefaultValue, ConfigSource.DefaultConfig);
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
        if (overrides.TryGetValue(definition.Name, out string? own))
        {
            synonyms.Add(new ConfigSynonym(definition.Name, own, ConfigSource.TopicConfig));
        }
        if (definition.BrokerSynonym is { } synonym)
        {
            if (_brokerDefaults.TryGetValue(synonym, out string? brokerValue))
            {
                synonyms.Add(new ConfigSynonym(synonym, brokerValue, ConfigSource.StaticBrokerConfig));
            }
            synonyms.Add(new ConfigSynonym(synonym, definition.DefaultValue, ConfigSource.DefaultConfig));
        }
        else
        {
            synonyms.Add(new ConfigSynonym(definition.Name, definition.DefaultValue, ConfigSource.DefaultConfig));
        }
        var first = synonyms[0];
        return new ConfigEntry(definition.Name, first.Value, first.Source, definition.Type, ReadOnly: false, IsSensitive: false, synonyms);
    }
}
