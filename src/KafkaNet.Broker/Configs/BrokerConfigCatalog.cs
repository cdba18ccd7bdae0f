using System.Collections.Frozen;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Configs;

/// <summary>
/// Every broker config this broker reports and accepts: the rows of BrokerConfigCatalog.Rows.cs plus
/// the broker-level default of each topic config (log.retention.ms, message.max.bytes...), which
/// may change at runtime cluster-wide as in Kafka. One table serves DescribeConfigs, the
/// controller's validation of dynamic changes and the server's static file.
/// </summary>
public static partial class BrokerConfigCatalog
{
    private const long MillisPerMinute = 60_000;
    private const long MillisPerHour = 60 * MillisPerMinute;

    private static readonly BrokerConfigDefinition[] Rows = BuildRows();

    private static readonly FrozenDictionary<string, BrokerConfigDefinition> ByName =
        Rows.ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);

    // Configs that several names set, most specific first, as Kafka lists their synonyms.
    private static readonly string[][] SynonymGroups =
    [
        ["log.retention.ms", "log.retention.minutes", "log.retention.hours"],
        ["log.roll.ms", "log.roll.hours"],
        ["log.roll.jitter.ms", "log.roll.jitter.hours"],
    ];

    // Topic configs whose default several broker configs supply, with the factor to the topic config's unit.
    private static readonly Dictionary<string, (string Name, long Factor)[]> MultiSourceDefaults = new(StringComparer.Ordinal)
    {
        ["retention.ms"] = [("log.retention.ms", 1), ("log.retention.minutes", MillisPerMinute), ("log.retention.hours", MillisPerHour)],
        ["segment.ms"] = [("log.roll.ms", 1), ("log.roll.hours", MillisPerHour)],
        ["segment.jitter.ms"] = [("log.roll.jitter.ms", 1), ("log.roll.jitter.hours", MillisPerHour)],
    };

    private static readonly FrozenDictionary<string, (string Name, long Factor)[]> TopicDefaultSourcesByName =
        TopicConfigs.All.ToFrozenDictionary(
            t => t.Name,
            t => MultiSourceDefaults.GetValueOrDefault(t.Name) ?? (t.BrokerSynonym is { } s ? [(s, 1L)] : []),
            StringComparer.Ordinal);

    /// <summary>Every broker config, ordered by name.</summary>
    public static IReadOnlyList<BrokerConfigDefinition> All => Rows;

    /// <summary>The config named <paramref name="name"/>, a listener's own ssl.* config included; null when unknown.</summary>
    public static BrokerConfigDefinition? Find(string name) => ByName.GetValueOrDefault(name) ?? FindListenerConfig(name);

    /// <summary>
    /// The names that set the same thing as <paramref name="name"/>, most specific first; just the name for most
    /// configs, the listener's own name then the broker-wide one for listener.name.&lt;listener&gt;.ssl.*.
    /// </summary>
    public static IReadOnlyList<string> Synonyms(string name)
    {
        if (!ByName.ContainsKey(name) && TrySplitListenerConfig(name, out _, out string baseName))
        {
            return [name, baseName];
        }
        foreach (var group in SynonymGroups)
        {
            if (Array.IndexOf(group, name) >= 0)
            {
                return group;
            }
        }
        return [name];
    }

    /// <summary>
    /// The broker configs supplying a topic config's default, most specific first, with the factor turning
    /// each value into the topic config's unit (hours to milliseconds); empty when the topic config has none.
    /// </summary>
    public static IReadOnlyList<(string Name, long Factor)> TopicDefaultSources(TopicConfigDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return TopicDefaultSourcesByName.GetValueOrDefault(definition.Name) ?? [];
    }

    /// <summary>
    /// Checks one resource's dynamic changes as Kafka does, in Kafka's order: unknown names (INVALID_CONFIG),
    /// read-only configs (INVALID_REQUEST), per-broker configs at the cluster default (INVALID_REQUEST), then
    /// each value set against its type and range (INVALID_CONFIG). A null value deletes and is not checked.
    /// </summary>
    public static ApiError ValidateDynamic(IReadOnlyCollection<KeyValuePair<string, string?>> changes, bool perBroker)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var (name, _) in changes)
        {
            if (Find(name) is null)
            {
                return ApiError.InvalidConfig($"Unknown broker config name: {name}");
            }
        }
        var readOnly = changes.Select(c => c.Key).Where(n => Find(n)!.IsReadOnly).ToList();
        if (readOnly.Count > 0)
        {
            return new ApiError(ErrorCode.InvalidRequest, $"Cannot update these configs dynamically: Set({string.Join(", ", readOnly)})");
        }
        var brokerOnly = changes.Select(c => c.Key).Where(n => Find(n)!.Mode == DynamicUpdateMode.PerBroker).ToList();
        if (!perBroker && brokerOnly.Count > 0)
        {
            return new ApiError(ErrorCode.InvalidRequest,
                $"Cannot update these configs at default cluster level, broker id must be specified: {string.Join(",", brokerOnly)}");
        }
        foreach (var (name, value) in changes)
        {
            if (value is not null && CheckValue(name, value) is { } reason)
            {
                return ApiError.InvalidConfig($"Invalid value {value} for configuration {name}: {reason}");
            }
        }
        return ApiError.None;
    }

    /// <summary>Null when <paramref name="value"/> is valid for the config, otherwise the reason.</summary>
    public static string? CheckValue(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var definition = Find(name) ?? throw new ArgumentException($"Unknown broker config {name}", nameof(name));
        if (TopicConfigs.FindByBrokerSynonym(name) is { } topic && topic.BrokerSynonym == name)
        {
            return topic.Validator(value);
        }
        var validator = definition.Validator ?? definition.Type switch
        {
            ConfigType.Int => ConfigValidators.Int(),
            ConfigType.Short => ConfigValidators.Int(short.MinValue, short.MaxValue),
            ConfigType.Long => ConfigValidators.Long(),
            ConfigType.Double => ConfigValidators.Double(double.MinValue, double.MaxValue),
            ConfigType.Boolean => ConfigValidators.Boolean(),
            _ => null,
        };
        return validator?.Invoke(value);
    }

    private static BrokerConfigDefinition[] BuildRows()
    {
        var rows = OwnRows();
        var own = rows.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var topicDefaults = TopicConfigs.All
            .Where(t => t.BrokerSynonym is { } s && !own.Contains(s))
            .Select(t => new BrokerConfigDefinition(t.BrokerSynonym!, t.Type, t.DefaultValue, DynamicUpdateMode.ClusterWide,
                $"The default of the topic config {t.Name} for topics that do not set it."));
        return [.. rows.Concat(topicDefaults).OrderBy(r => r.Name, StringComparer.Ordinal)];
    }
}
