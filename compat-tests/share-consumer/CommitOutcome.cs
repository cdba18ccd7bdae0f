using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer;

/// <summary>
/// What rd_kafka_share_commit_sync reported: a call-level error, and each partition's result
/// ("topic[0]=NO_ERROR"); no partitions when no acknowledgement was pending.
/// </summary>
internal sealed record CommitOutcome(NativeError? Error, IReadOnlyList<string> Partitions, IReadOnlyList<string> FailedPartitions)
{
    public bool Succeeded => Error is null && FailedPartitions.Count == 0;

    /// <summary>Whether the acknowledgements of <paramref name="topic"/>[<paramref name="partition"/>] were reported as done.</summary>
    public bool SucceededFor(string topic, int partition) => Error is null && Partitions.Contains($"{topic}[{partition}]=NO_ERROR");

    public override string ToString() =>
        Error is not null ? $"commit error {Error}" : "commit " + (Partitions.Count == 0 ? "(nothing pending)" : string.Join(", ", Partitions));
}
