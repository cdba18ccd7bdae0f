using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Integrity;

/// <summary>
/// Reads every batch and record of stored partitions offline (the broker stopped or killed) and reports each rule
/// the log breaks: framing, CRC, offsets that overlap or skip, offset ranges that disagree with their records,
/// records that do not parse. Recovery after a crash checks headers only; this is the full check, for tests and
/// for an operator who wants to know a data directory is sound.
/// </summary>
public static class LogIntegrityScanner
{
    private const int MaxDecompressedBytes = 64 * 1024 * 1024;

    /// <summary>
    /// Scans every partition directory under <paramref name="logDir"/> (the metadata log, kept in another format, is
    /// skipped). <paramref name="isCompacted"/> names the topics whose logs compaction may have thinned.
    /// </summary>
    public static IReadOnlyList<PartitionIntegrityReport> ScanDataDirectory(string logDir, Func<string, bool>? isCompacted = null)
    {
        var reports = new List<PartitionIntegrityReport>();
        foreach (string dir in Directory.GetDirectories(logDir).Order(StringComparer.Ordinal))
        {
            if (TopicPartition.TryParseDirectoryName(Path.GetFileName(dir), out var partition)
                && partition.Topic != LogFileNames.ClusterMetadataTopic)
            {
                reports.Add(ScanPartition(dir, isCompacted?.Invoke(partition.Topic) ?? false));
            }
        }
        return reports;
    }

    /// <summary>Scans the segments of one partition directory in offset order.</summary>
    public static PartitionIntegrityReport ScanPartition(string partitionDir, bool compacted)
    {
        var scan = new Scan(compacted);
        var segments = new List<long>();
        foreach (string file in Directory.GetFiles(partitionDir, "*" + LogFileNames.LogSuffix))
        {
            if (LogFileNames.TryParseBaseOffset(Path.GetFileName(file), out long baseOffset))
            {
                segments.Add(baseOffset);
            }
        }
        segments.Sort();
        foreach (long baseOffset in segments)
        {
            ScanSegment(LogFileNames.LogFile(partitionDir, baseOffset), baseOffset, scan);
        }
        long next = scan.NextOffset ?? (segments.Count > 0 ? segments[0] : 0);
        return new PartitionIntegrityReport(partitionDir, scan.FirstOffset, next, scan.Batches, scan.Records, scan.ControlBatches, scan.Violations);
    }

    private static void ScanSegment(string path, long segmentBase, Scan scan)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int position = 0;
        while (position < bytes.Length)
        {
            string where = $"{Path.GetFileName(path)} at byte {position}";
            var result = RecordBatchValidator.Validate(bytes.AsSpan(position), out RecordBatchHeader header);
            if (result != RecordBatchValidationResult.Ok)
            {
                scan.Violations.Add($"{where}: batch is {result}; {bytes.Length - position} bytes not read");
                return;
            }
            string? violation = BatchOffsetRange.Violation(header, scan.Compacted)
                ?? OrderViolation(header, segmentBase, scan)
                ?? RecordsViolation(bytes.AsMemory(position, (int)header.TotalSize), header, scan.Compacted);
            if (violation is not null)
            {
                scan.Violations.Add($"{where}: {violation}");
            }
            scan.Note(header);
            position += (int)header.TotalSize;
        }
    }

    private static string? OrderViolation(in RecordBatchHeader header, long segmentBase, Scan scan)
    {
        if (header.BaseOffset < segmentBase)
        {
            return $"base offset {header.BaseOffset} is below the segment's {segmentBase}";
        }
        if (scan.NextOffset is { } next && (header.BaseOffset < next || (!scan.Compacted && header.BaseOffset != next)))
        {
            return $"base offset {header.BaseOffset} where {next} was expected";
        }
        return null;
    }

    /// <summary>
    /// Every record must parse, the count must match the header, and offset deltas must rise within the range:
    /// one per offset from 0 unless the log is compacted.
    /// </summary>
    private static string? RecordsViolation(ReadOnlyMemory<byte> batch, in RecordBatchHeader header, bool compacted)
    {
        try
        {
            if (RecordBatch.TryRead(batch, out var parsed) != RecordBatchValidationResult.Ok)
            {
                return "batch cannot be read";
            }
            using var content = RecordBatchContent.Open(parsed, MaxDecompressedBytes);
            var reader = content.GetRecords();
            int index = 0;
            int previousDelta = -1;
            while (true)
            {
                switch (reader.TryReadNext(out Record record))
                {
                    case RecordReadResult.End:
                        return index == header.RecordCount ? null : $"{index} records where the header declares {header.RecordCount}";
                    case RecordReadResult.Corrupt:
                        return $"record {index} does not parse";
                }
                bool deltaFits = compacted
                    ? record.OffsetDelta > previousDelta && record.OffsetDelta <= header.LastOffsetDelta
                    : record.OffsetDelta == index;
                if (!deltaFits)
                {
                    return $"record {index} has offset delta {record.OffsetDelta} in a range of {header.LastOffsetDelta + 1L}";
                }
                previousDelta = record.OffsetDelta;
                index++;
            }
        }
        catch (CorruptRecordException e)
        {
            return $"records cannot be decompressed: {e.Message}";
        }
    }

    private sealed class Scan(bool compacted)
    {
        public bool Compacted { get; } = compacted;
        public List<string> Violations { get; } = [];
        public long FirstOffset { get; private set; } = -1;
        public long? NextOffset { get; private set; }
        public long Batches { get; private set; }
        public long Records { get; private set; }
        public long ControlBatches { get; private set; }

        public void Note(in RecordBatchHeader header)
        {
            if (FirstOffset < 0)
            {
                FirstOffset = header.BaseOffset;
            }
            NextOffset = header.BaseOffset + header.LastOffsetDelta + 1;
            Batches++;
            Records += header.RecordCount;
            ControlBatches += header.IsControl ? 1 : 0;
        }
    }
}
