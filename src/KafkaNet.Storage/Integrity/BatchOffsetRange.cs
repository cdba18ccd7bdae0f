using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Integrity;

/// <summary>
/// What a stored batch's header may claim about its offsets. A producer's batch holds one record per offset of its
/// range; compaction removes records but keeps the range (so a consumer still moves past it), so only a compacted
/// log may hold fewer records than offsets, or none.
/// </summary>
internal static class BatchOffsetRange
{
    /// <summary>Why the header breaks the rules, or null when it keeps them.</summary>
    public static string? Violation(in RecordBatchHeader header, bool compacted)
    {
        if (header.BaseOffset < 0)
        {
            return $"base offset {header.BaseOffset} is negative";
        }
        if (header.LastOffsetDelta < 0 || header.RecordCount < 0)
        {
            return $"last offset delta {header.LastOffsetDelta} or record count {header.RecordCount} is negative";
        }
        if (header.BaseOffset > long.MaxValue - header.LastOffsetDelta - 1)
        {
            return $"offset range from {header.BaseOffset} by {header.LastOffsetDelta} overflows";
        }
        if (header.RecordCount > (long)header.LastOffsetDelta + 1)
        {
            return $"{header.RecordCount} records cannot fit the offset range of {header.LastOffsetDelta + 1L}";
        }
        if (!compacted && header.RecordCount != (long)header.LastOffsetDelta + 1)
        {
            return $"offset range of {header.LastOffsetDelta + 1L} holds {header.RecordCount} records in a log that is not compacted";
        }
        return null;
    }
}
