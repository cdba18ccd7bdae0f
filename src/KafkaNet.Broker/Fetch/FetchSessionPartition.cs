using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Fetch;

/// <summary>One partition of a fetch session: what the client last asked for and what it was last told.</summary>
internal sealed class FetchSessionPartition
{
    public FetchSessionPartition(string? topic, Guid topicId, int partition)
    {
        Topic = topic;
        TopicId = topicId;
        Partition = partition;
    }

    public string? Topic { get; }

    public Guid TopicId { get; }

    public int Partition { get; }

    public long FetchOffset { get; set; }

    public int MaxBytes { get; set; }

    public int CurrentLeaderEpoch { get; set; } = -1;

    /// <summary>The epoch of the last record a follower fetched (v12+), -1 when not sent.</summary>
    public int LastFetchedEpoch { get; set; } = -1;

    /// <summary>High watermark last sent; -2 until the partition has been in a response.</summary>
    public long SentHighWatermark { get; set; } = -2;

    public long SentLogStartOffset { get; set; } = -2;

    public long SentLastStableOffset { get; set; } = -2;

    /// <summary>
    /// Whether an incremental response must include the partition (KIP-227): records, an error, a preferred read replica, or a high watermark,
    /// log start or last stable offset other than last sent (a read_committed reader waits for the last one).
    /// </summary>
    public bool HasNews(FetchResponse.PartitionData data) =>
        data.ErrorCode != 0 || data.Records is { Length: > 0 } || data.PreferredReadReplica >= 0
        || data.HighWatermark != SentHighWatermark || data.LogStartOffset != SentLogStartOffset
        || data.LastStableOffset != SentLastStableOffset;

    /// <summary>Remembers what a returned response told the client of this partition.</summary>
    public void Sent(FetchResponse.PartitionData data) =>
        (SentHighWatermark, SentLogStartOffset, SentLastStableOffset) = (data.HighWatermark, data.LogStartOffset, data.LastStableOffset);
}
