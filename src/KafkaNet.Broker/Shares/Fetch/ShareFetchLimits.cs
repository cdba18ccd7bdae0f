namespace KafkaNet.Broker.Shares.Fetch;

/// <summary>
/// How much one partition of a ShareFetch may take: bytes of the log read, records to acquire (MaxRecords), the
/// size of the acquired runs answered (BatchSize), and whether MaxRecords is a hard limit (share acquire mode 1,
/// record-limit) or may be exceeded to finish a batch (mode 0, batch-optimized, the only mode before v2).
/// </summary>
public sealed record ShareFetchLimits(int MaxBytes, int MaxRecords, int BatchSize, bool RecordLimit)
{
    /// <summary>max.poll.records of the Java share consumer, for requests that carry no limits (v0).</summary>
    public const int DefaultMaxRecords = 500;
}
