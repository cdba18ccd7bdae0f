namespace KafkaNet.Storage;

/// <summary>A record's offset and timestamp, as ListOffsets returns them.</summary>
public readonly record struct TimestampOffset(long Timestamp, long Offset);
