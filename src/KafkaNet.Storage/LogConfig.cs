namespace KafkaNet.Storage;

/// <summary>
/// Per-partition log settings under Kafka's topic configuration names, with Kafka's defaults.
/// Property names are the dotted Kafka names in PascalCase (segment.bytes is <see cref="SegmentBytes"/>).
/// </summary>
public sealed record LogConfig
{
    /// <summary>segment.bytes: roll the active segment once it would grow past this size.</summary>
    public int SegmentBytes { get; init; } = 1024 * 1024 * 1024;

    /// <summary>segment.ms: roll the active segment once its first batch is this old (7 days).</summary>
    public long SegmentMs { get; init; } = 7L * 24 * 60 * 60 * 1000;

    /// <summary>segment.index.bytes: size each index file is preallocated to; a full index rolls the segment.</summary>
    public int SegmentIndexBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>index.interval.bytes: log bytes between two offset index entries.</summary>
    public int IndexIntervalBytes { get; init; } = 4096;

    /// <summary>retention.ms: delete segments whose newest record is older than this (7 days); -1 keeps forever.</summary>
    public long RetentionMs { get; init; } = 7L * 24 * 60 * 60 * 1000;

    /// <summary>retention.bytes: delete the oldest segments while the log is larger than this; -1 means no limit.</summary>
    public long RetentionBytes { get; init; } = -1;

    /// <summary>flush.messages: fsync after this many records since the last flush. Default leaves it to the OS.</summary>
    public long FlushMessages { get; init; } = long.MaxValue;

    /// <summary>flush.ms: fsync when the last flush is this old. Default leaves it to the OS.</summary>
    public long FlushMs { get; init; } = long.MaxValue;

    /// <summary>
    /// Durable mode (KafkaNet's own setting, log.flush.durable): an append completes only after an fsync covers it.
    /// Concurrent appends share one fsync (group commit).
    /// </summary>
    public bool Durable { get; init; }

    /// <summary>message.timestamp.type: CreateTime keeps producer timestamps, LogAppendTime stamps the broker's clock.</summary>
    public bool LogAppendTime { get; init; }

    /// <summary>cleanup.policy: "delete", "compact" or "compact,delete".</summary>
    public string CleanupPolicy { get; init; } = "delete";

    /// <summary>delete.retention.ms: how long compaction keeps tombstones (1 day).</summary>
    public long DeleteRetentionMs { get; init; } = 24L * 60 * 60 * 1000;

    /// <summary>min.cleanable.dirty.ratio: compact only when this share of the log is uncompacted.</summary>
    public double MinCleanableDirtyRatio { get; init; } = 0.5;

    /// <summary>min.compaction.lag.ms: records younger than this are never compacted.</summary>
    public long MinCompactionLagMs { get; init; }

    /// <summary>max.compaction.lag.ms: dirty records older than this are compacted whatever the dirty ratio.</summary>
    public long MaxCompactionLagMs { get; init; } = long.MaxValue;

    /// <summary>file.delete.delay.ms: how long a deleted segment stays as <c>.deleted</c> once no reader holds it.</summary>
    public long FileDeleteDelayMs { get; init; }

    /// <summary>max.message.bytes: largest batch accepted by an append.</summary>
    public int MaxMessageBytes { get; init; } = 1024 * 1024 + 12;

    internal bool Deletes => CleanupPolicy.Contains("delete", StringComparison.Ordinal);

    /// <summary>Whether cleanup.policy includes compact.</summary>
    public bool Compacts => CleanupPolicy.Contains("compact", StringComparison.Ordinal);
}
