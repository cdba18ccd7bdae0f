using System.Collections.Immutable;

namespace KafkaNet.Broker.Configs;

/// <summary>
/// The broker config values in force, by precedence: this broker's dynamic configs, the cluster-wide
/// dynamic defaults, the static file, then the catalog's defaults. Immutable; replaced whole on a change.
/// </summary>
public sealed record BrokerConfigLayers(
    IReadOnlyDictionary<string, string> DynamicBroker,
    IReadOnlyDictionary<string, string> DynamicDefault,
    IReadOnlyDictionary<string, string> Static)
{
    public static BrokerConfigLayers FromStatic(IReadOnlyDictionary<string, string> staticValues) =>
        new(ImmutableDictionary<string, string>.Empty, ImmutableDictionary<string, string>.Empty, staticValues);

    /// <summary>
    /// Every value set for any of <paramref name="names"/>, in Kafka's synonym order: layer by layer
    /// (dynamic per-broker, dynamic default, static, default) and, within a layer, name by name.
    /// </summary>
    public List<ConfigSynonym> Synonyms(IReadOnlyList<string> names, bool includeDefaults = true)
    {
        ArgumentNullException.ThrowIfNull(names);
        var found = new List<ConfigSynonym>(2);
        Add(found, names, DynamicBroker, ConfigSource.DynamicBrokerConfig);
        Add(found, names, DynamicDefault, ConfigSource.DynamicDefaultBrokerConfig);
        Add(found, names, Static, ConfigSource.StaticBrokerConfig);
        if (includeDefaults)
        {
            foreach (string name in names)
            {
                if (BrokerConfigCatalog.Find(name)?.DefaultValue is { } value)
                {
                    found.Add(new ConfigSynonym(name, value, ConfigSource.DefaultConfig));
                }
            }
        }
        return found;
    }

    /// <summary>The value <paramref name="name"/> itself has, from the highest layer setting it; null when unset.</summary>
    public (string? Value, ConfigSource Source) ValueOf(string name) =>
        DynamicBroker.TryGetValue(name, out string? value) ? (value, ConfigSource.DynamicBrokerConfig)
        : DynamicDefault.TryGetValue(name, out value) ? (value, ConfigSource.DynamicDefaultBrokerConfig)
        : Static.TryGetValue(name, out value) ? (value, ConfigSource.StaticBrokerConfig)
        : (BrokerConfigCatalog.Find(name)?.DefaultValue, ConfigSource.DefaultConfig);

    private static void Add(List<ConfigSynonym> found, IReadOnlyList<string> names, IReadOnlyDictionary<string, string> layer, ConfigSource source)
    {
        foreach (string name in names)
        {
            if (layer.TryGetValue(name, out string? value))
            {
                found.Add(new ConfigSynonym(name, value, source));
            }
        }
    }
}
