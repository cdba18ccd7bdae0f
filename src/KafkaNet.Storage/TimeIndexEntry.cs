namespace KafkaNet.Storage;

/// <summary>One time index entry: a timestamp and the absolute offset it maps to.</summary>
public readonly record struct TimeIndexEntry(long Timestamp, long Offset);
