using System.Globalization;
using KafkaNet.Broker.Configs;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Storage;

/// <summary>Turns a topic's effective configs (overrides over broker defaults over Kafka's) into the log engine's settings.</summary>
internal static class LogConfigMapper
{
    public static LogConfig Map(TopicConfigResolver resolver, IReadOnlyDictionary<string, string> overrides, bool durable)
    {
        string Value(string name) => resolver.EffectiveValue(TopicConfigs.Find(name)!, overrides);
        long Long(string name) => long.Parse(Value(name), CultureInfo.InvariantCulture);
        int Int(string name) => int.Parse(Value(name), CultureInfo.InvariantCulture);

        return new LogConfig
        {
            SegmentBytes = Int("segment.bytes"),
            SegmentMs = Long("segment.ms"),
            SegmentIndexBytes = Int("segment.index.bytes"),
            IndexIntervalBytes = Int("index.interval.bytes"),
            RetentionMs = Long("retention.ms"),
            RetentionBytes = Long("retention.bytes"),
            FlushMessages = Long("flush.messages"),
            FlushMs = Long("flush.ms"),
            CleanupPolicy = Value("cleanup.policy"),
            DeleteRetentionMs = Long("delete.retention.ms"),
            MinCleanableDirtyRatio = double.Parse(Value("min.cleanable.dirty.ratio"), CultureInfo.InvariantCulture),
            MinCompactionLagMs = Long("min.compaction.lag.ms"),
            MaxCompactionLagMs = Long("max.compaction.lag.ms"),
            FileDeleteDelayMs = Long("file.delete.delay.ms"),
            MaxMessageBytes = Int("max.message.bytes"),
            LogAppendTime = Value("message.timestamp.type") == "LogAppendTime",
            Durable = durable,
        };
    }
}
