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

    /// <summary>High watermark last sent; -2 until the partition has been in a response.</summary>
    public long SentHighWatermark { get; set; } = -2;

    public long SentLogStartOffset { get; set; } = -2;
}
