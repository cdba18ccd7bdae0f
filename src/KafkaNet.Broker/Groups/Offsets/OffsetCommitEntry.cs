namespace KafkaNet.Broker.Groups.Offsets;

/// <summary>One partition of an offset commit; the topic's id is known when the topic exists (Guid.Empty otherwise).</summary>
public sealed record OffsetCommitEntry(string Topic, Guid TopicId, int Partition, long Offset, int LeaderEpoch, string? Metadata, bool TopicExists);
