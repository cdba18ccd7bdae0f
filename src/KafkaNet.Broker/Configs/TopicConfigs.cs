using System.Collections.Frozen;
using KafkaNet.Broker.Topics;
using static KafkaNet.Broker.Configs.ConfigValidators;

namespace KafkaNet.Broker.Configs;

/// <summary>
/// The topic configs this broker knows, one row each, with Kafka 4.x names, types, defaults,
/// broker-level synonyms and valid values. Unknown names are refused with INVALID_CONFIG as
/// Kafka does, so a typo never silently becomes a no-op.
/// </summary>
public static class TopicConfigs
{
    private const string LongMax = "9223372036854775807";

    private static readonly TopicConfigDefinition[] Rows =
    [
        new("cleanup.policy", ConfigType.List, "delete", "log.cleanup.policy", ListOf("compact", "delete")),
        new("compression.gzip.level", ConfigType.Int, "-1", "compression.gzip.level", IntOr(-1, 1, 9)),
        new("compression.lz4.level", ConfigType.Int, "9", "compression.lz4.level", Int(1, 17)),
        new("compression.type", ConfigType.String, "producer", "compression.type", OneOf("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer")),
        new("compression.zstd.level", ConfigType.Int, "3", "compression.zstd.level", Int(-131072, 22)),
        new("delete.retention.ms", ConfigType.Long, "86400000", "log.cleaner.delete.retention.ms", Long(0)),
        // KIP-1191: a share group may name this topic as its dead-letter topic only when it is true.
        new("errors.deadletterqueue.group.enable", ConfigType.Boolean, "false", null, ConfigValidators.Boolean()),
        new("file.delete.delay.ms", ConfigType.Long, "60000", "log.segment.delete.delay.ms", Long(0)),
        new("flush.messages", ConfigType.Long, LongMax, "log.flush.interval.messages", Long(1)),
        new("flush.ms", ConfigType.Long, LongMax, "log.flush.interval.ms", Long(0)),
        new("index.interval.bytes", ConfigType.Int, "4096", "log.index.interval.bytes", Int(0)),
        new("local.retention.bytes", ConfigType.Long, "-2", "log.local.retention.bytes", Long(-2)),
        new("local.retention.ms", ConfigType.Long, "-2", "log.local.retention.ms", Long(-2)),
        new("max.compaction.lag.ms", ConfigType.Long, LongMax, "log.cleaner.max.compaction.lag.ms", Long(1)),
        new("max.message.bytes", ConfigType.Int, "1048588", "message.max.bytes", Int(0)),
        new("message.timestamp.after.max.ms", ConfigType.Long, "3600000", "log.message.timestamp.after.max.ms", Long(0)),
        new("message.timestamp.before.max.ms", ConfigType.Long, LongMax, "log.message.timestamp.before.max.ms", Long(0)),
        new("message.timestamp.type", ConfigType.String, "CreateTime", "log.message.timestamp.type", OneOf("CreateTime", "LogAppendTime")),
        new("min.cleanable.dirty.ratio", ConfigType.Double, "0.5", "log.cleaner.min.cleanable.ratio", ConfigValidators.Double(0, 1)),
        new("min.compaction.lag.ms", ConfigType.Long, "0", "log.cleaner.min.compaction.lag.ms", Long(0)),
        new("min.insync.replicas", ConfigType.Int, "1", "min.insync.replicas", Int(1)),
        new("preallocate", ConfigType.Boolean, "false", "log.preallocate", ConfigValidators.Boolean()),
        new("remote.storage.enable", ConfigType.Boolean, "false", null, ConfigValidators.Boolean()),
        new("retention.bytes", ConfigType.Long, "-1", "log.retention.bytes", Long()),
        new("retention.ms", ConfigType.Long, "604800000", "log.retention.ms", Long(-1)),
        // Kafka 4.0 raised the minimum from 14 bytes to 1 MiB (KIP-1030).
        new("segment.bytes", ConfigType.Int, "1073741824", "log.segment.bytes", Int(1048576)),
        new("segment.index.bytes", ConfigType.Int, "10485760", "log.index.size.max.bytes", Int(4)),
        new("segment.jitter.ms", ConfigType.Long, "0", "log.roll.jitter.ms", Long(0)),
        new("segment.ms", ConfigType.Long, "604800000", "log.roll.ms", Long(1)),
        new("unclean.leader.election.enable", ConfigType.Boolean, "false", "unclean.leader.election.enable", ConfigValidators.Boolean()),
    ];

    private static readonly FrozenDictionary<string, TopicConfigDefinition> ByName =
        Rows.ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, TopicConfigDefinition> ByBrokerSynonym =
        Rows.Where(r => r.BrokerSynonym is not null).ToFrozenDictionary(r => r.BrokerSynonym!, StringComparer.Ordinal);

    /// <summary>Every row, ordered by name.</summary>
    public static IReadOnlyList<TopicConfigDefinition> All => Rows;

    public static TopicConfigDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The row whose broker-level default is the property <paramref name="brokerProperty"/>.</summary>
    /// <remarks>log.retention.minutes/hours, log.roll.hours and log.roll.jitter.hours find the row of their milliseconds form.</remarks>
    public static TopicConfigDefinition? FindByBrokerSynonym(string brokerProperty) =>
        ByBrokerSynonym.GetValueOrDefault(brokerProperty) ?? brokerProperty switch
        {
            "log.retention.minutes" or "log.retention.hours" => Find("retention.ms"),
            "log.roll.hours" => Find("segment.ms"),
            "log.roll.jitter.hours" => Find("segment.jitter.ms"),
            _ => null,
        };

    /// <summary>Checks a set of topic overrides: every name known, no null value, every value valid.</summary>
    public static ApiError Validate(IEnumerable<KeyValuePair<string, string?>> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var (name, value) in overrides)
        {
            var error = Validate(name, value);
            if (error.IsError)
            {
                return error;
            }
        }
        return ApiError.None;
    }

    public static ApiError Validate(string name, string? value)
    {
        var definition = Find(name);
        if (definition is null)
        {
            return ApiError.InvalidConfig($"Unknown topic config name: {name}");
        }
        if (value is null)
        {
            return ApiError.InvalidConfig($"Null value not supported for topic configs: {name}");
        }
        string? problem = definition.Check(value);
        return problem is null ? ApiError.None : ApiError.InvalidConfig(problem);
    }
}
