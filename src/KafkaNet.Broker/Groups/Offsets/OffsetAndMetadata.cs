namespace KafkaNet.Broker.Groups.Offsets;

/// <summary>A committed offset as OffsetFetch returns it.</summary>
/// <param name="ExpireTimestampMs">Only set by OffsetCommit v1-v4 with an explicit retention; otherwise null.</param>
public sealed record OffsetAndMetadata(long Offset, int LeaderEpoch, string Metadata, long CommitTimestampMs, long? ExpireTimestampMs, Guid TopicId = default);
