using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage;

/// <summary>What a scan of one segment found: the bytes of valid batches and why it stopped, if early.</summary>
public readonly record struct SegmentRecoveryResult(long BaseOffset, long ValidBytes, long InvalidBytes, RecordBatchValidationResult Problem, string? Reason)
{
    public bool IsClean => InvalidBytes == 0;
}
