namespace KafkaNet.Storage;

/// <summary>One offset index entry resolved to an absolute offset and a byte position in the segment.</summary>
public readonly record struct IndexEntry(long Offset, int Position);
