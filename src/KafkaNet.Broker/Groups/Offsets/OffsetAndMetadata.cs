namespace KafkaNet.Broker.Groups.Offsets;

/// <summary>A committed offset as OffsetFetch returns it.</summary>
/// <param name="ExpireTimestampMs">Only set by OffsetCommit v1-v4 with an explicit retention; otherwise null.</param>
/// <param name="RecordOffset">
/// Where its record sits in __consumer_offsets (-1 when unknown): when a transaction commits, its offset replaces a
/// committed one only if it was written later, as Kafka orders mixed transactional and plain commits.
/// </param>
public sealed record OffsetAndMetadata(long Offset, int LeaderEpoch, string Metadata, long CommitTimestampMs, long? ExpireTimestampMs,
    Guid TopicId = default, long RecordOffset = -1);
