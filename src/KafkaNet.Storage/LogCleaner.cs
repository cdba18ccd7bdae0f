using System.Buffers;
using System.Buffers.Binary;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage.Producers;

namespace KafkaNet.Storage;

/// <summary>
/// Compaction of one log (cleanup.policy compact): keeps the newest record of each key in the segments old enough
/// to clean, never changing an offset. Each batch keeps its base offset, base timestamp and last offset delta; only
/// the records dropped are left out. A cleaned segment is written to <c>.cleaned</c>, renamed to <c>.swap</c>, then
/// replaces the old one, so a crash leaves the old segment, or the swap file that startup completes.
/// Transactions: nothing at or past the last stable offset is cleaned; records of aborted transactions are dropped
/// and never count as a key's newest value; transaction markers are kept, and so is the <c>.txnindex</c>.
/// </summary>
internal static class LogCleaner
{
    private const int MaxDecompressedBytes = 64 * 1024 * 1024;

    /// <summary>Cleans when the dirty share of the cleanable segments reaches min.cleanable.dirty.ratio; returns segments rewritten.</summary>
    public static int Clean(PartitionLog log, LogSegment[] segments, long firstDirtyOffset, long now, out long newFirstDirty)
    {
        LogConfig config = log.Config;
        newFirstDirty = firstDirtyOffset;
        int cleanable = 0;
        long lastStable = log.LastStableOffset;
        while (cleanable < segments.Length - 1
            && now - segments[cleanable].MaxTimestamp >= config.MinCompactionLagMs
            && segments[cleanable + 1].BaseOffset <= lastStable)
        {
            cleanable++;
        }

        long dirtyBytes = 0;
        long totalBytes = 0;
        bool overdue = false;
        for (int i = 0; i < cleanable; i++)
        {
            totalBytes += segments[i].Size;
            bool dirty = segments[i + 1].BaseOffset > firstDirtyOffset;
            dirtyBytes += dirty ? segments[i].Size : 0;
            // Even the newest record of this dirty segment has waited longer than max.compaction.lag.ms.
            overdue |= dirty && now - segments[i].MaxTimestamp >= config.MaxCompactionLagMs;
        }

        if (dirtyBytes == 0 || ((double)dirtyBytes / totalBytes < config.MinCleanableDirtyRatio && !overdue))
        {
            return 0;
        }

        // Below the last stable offset every transaction has its marker, so the index knows every aborted one.
        var abortedList = new List<AbortedTransaction>();
        log.CollectAbortedTransactions(segments[0].BaseOffset, segments[cleanable].BaseOffset, abortedList);
        var aborted = new AbortedBatches(abortedList);
        var latest = new Dictionary<byte[], long>(ByteArrayComparer.Instance);
        for (int i = 0; i < cleanable; i++)
        {
            if (segments[i + 1].BaseOffset > firstDirtyOffset)
            {
                ForEachBatch(segments[i], (header, content) =>
                {
                    if (!header.IsControl && !aborted.Contains(header))
                    {
                        MapKeys(header, content, firstDirtyOffset, latest);
                    }
                });
            }
        }

        long tombstoneHorizon = now - config.DeleteRetentionMs;
        for (int i = 0; i < cleanable; i++)
        {
            log.ReplaceSegment(segments[i], Rewrite(segments[i], latest, aborted, tombstoneHorizon, config));
        }

        newFirstDirty = segments[cleanable].BaseOffset;
        return cleanable;
    }

    private static void MapKeys(RecordBatchHeader header, ReadOnlySpan<byte> records, long firstDirty, Dictionary<byte[], long> latest)
    {
        var reader = new RecordReader(records, header);
        while (reader.TryReadNext(out Record record) == RecordReadResult.Record)
        {
            if (!record.IsKeyNull && record.Offset >= firstDirty)
            {
                latest[record.Key.ToArray()] = record.Offset;
            }
        }
    }

    private static LogSegment Rewrite(LogSegment segment, Dictionary<byte[], long> latest, AbortedBatches aborted, long tombstoneHorizon, LogConfig config)
    {
        string cleaned = segment.LogPath + LogFileNames.CleanedSuffix;
        using (var output = new FileStream(cleaned, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using var kept = new PooledBufferWriter();
            using var batch = new PooledBufferWriter();
            ForEachBatch(segment, (header, records) =>
            {
                if (header.IsControl)
                {
                    // Markers stay (Kafka drops them only after delete.retention.ms; this cleaner never does).
                    WriteBatch(output, batch, header, records, header.RecordCount);
                    return;
                }

                if (aborted.Contains(header))
                {
                    return;
                }

                kept.Clear();
                int count = 0;
                var reader = new RecordReader(records, header);
                int position = 0;
                while (reader.TryReadNext(out Record record) == RecordReadResult.Record)
                {
                    ReadOnlySpan<byte> raw = records.Slice(position, record.SizeInBytes);
                    position += record.SizeInBytes;
                    bool newest = record.IsKeyNull || !latest.TryGetValue(record.Key.ToArray(), out long offset) || offset == record.Offset;
                    bool expiredTombstone = record.IsValueNull && record.Timestamp < tombstoneHorizon;
                    if (newest && !expiredTombstone)
                    {
                        kept.Write(raw);
                        count++;
                    }
                }

                if (count > 0)
                {
                    WriteBatch(output, batch, header, kept.WrittenSpan, count);
                }
            });
            output.Flush(flushToDisk: true);
        }

        string swap = segment.LogPath + LogFileNames.SwapSuffix;
        File.Move(cleaned, swap);
        segment.MarkDeleted(keepTxnIndex: true);
        string logPath = LogFileNames.LogFile(segment.Directory, segment.BaseOffset);
        File.Move(swap, logPath);
        File.Delete(LogFileNames.IndexFile(segment.Directory, segment.BaseOffset));
        File.Delete(LogFileNames.TimeIndexFile(segment.Directory, segment.BaseOffset));
        var replacement = new LogSegment(segment.Directory, segment.BaseOffset, config, active: true, create: false);
        SegmentScanner.Recover(replacement, contiguous: false);
        replacement.OnBecomeInactive();
        return replacement;
    }

    // Same header (base offset, last offset delta, timestamps, producer fields), fewer records, new length and CRC.
    private static void WriteBatch(FileStream output, PooledBufferWriter body, RecordBatchHeader header, ReadOnlySpan<byte> records, int count)
    {
        body.Clear();
        RecordCompression.Compress(header.Compression, records, body);
        int total = RecordBatchHeader.Size + body.WrittenCount;
        byte[] bytes = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            Span<byte> batch = bytes.AsSpan(0, total);
            (header with { BatchLength = total - RecordBatchHeader.LogOverhead, RecordCount = count }).WriteTo(batch);
            body.WrittenSpan.CopyTo(batch[RecordBatchHeader.Size..]);
            RecordBatchCrc.Update(batch);
            output.Write(batch);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static void ForEachBatch(LogSegment segment, BatchAction action)
    {
        Span<byte> headerBytes = stackalloc byte[RecordBatchHeader.Size];
        long position = 0;
        long size = segment.Size;
        while (position + RecordBatchHeader.Size <= size)
        {
            RandomAccess.Read(segment.Handle, headerBytes, position);
            int length = RecordBatchHeader.LogOverhead + BinaryPrimitives.ReadInt32BigEndian(headerBytes[RecordBatchHeader.BatchLengthOffset..]);
            byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                RandomAccess.Read(segment.Handle, buffer.AsSpan(0, length), position);
                if (RecordBatch.TryRead(buffer.AsMemory(0, length), out RecordBatch batch) != RecordBatchValidationResult.Ok)
                {
                    throw new LogCorruptionException($"Batch at position {position} of {segment.LogPath} is corrupt; compaction stopped.");
                }

                using RecordBatchContent content = batch.OpenRecords(MaxDecompressedBytes);
                action(batch.Header, content.Records.Span);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            position += length;
        }
    }

    private delegate void BatchAction(RecordBatchHeader header, ReadOnlySpan<byte> records);
}
