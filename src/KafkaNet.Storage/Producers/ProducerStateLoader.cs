using System.Buffers;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Producers;

/// <summary>
/// Rebuilds a partition's producer state when its log opens: the newest readable snapshot at or below the log end,
/// then every batch after it, control batches included. ABORT markers replayed rebuild their <c>.txnindex</c>
/// entries, which are first dropped from that offset on, so an entry lost with an unflushed tail comes back and
/// none is doubled. Without a snapshot the replay starts at the first segment.
/// </summary>
internal static class ProducerStateLoader
{
    /// <summary>Loads <paramref name="state"/> and returns the offset the replay started at.</summary>
    public static long Load(ProducerStateManager state, string dir, IReadOnlyList<LogSegment> segments, long logEndOffset)
    {
        long physicalStart = segments[0].BaseOffset;
        ProducerSnapshotFile.DeleteOutside(dir, physicalStart, logEndOffset);
        List<long> snapshots = ProducerSnapshotFile.List(dir);
        long start = physicalStart;
        state.Load([]);
        for (int i = snapshots.Count - 1; i >= 0; i--)
        {
            string path = LogFileNames.SnapshotFile(dir, snapshots[i]);
            List<ProducerStateEntry>? entries = ProducerSnapshotFile.TryRead(path);
            if (entries is not null)
            {
                state.Load(entries);
                start = snapshots[i];
                break;
            }

            // A torn or corrupt snapshot: fall back to an older one, or to the whole log.
            File.Delete(path);
        }

        foreach (LogSegment segment in segments)
        {
            if (segment.NextOffset > start)
            {
                segment.TxnIndex.TruncateFrom(start);
                Replay(state, segment, start);
            }
        }

        state.PublishStable();
        return start;
    }

    private static void Replay(ProducerStateManager state, LogSegment segment, long start)
    {
        long position = 0;
        if (segment.BaseOffset < start && !segment.TryFindBatch(start, 0, long.MaxValue, out position, out _))
        {
            return;
        }

        Span<byte> headerBytes = stackalloc byte[RecordBatchHeader.Size];
        long size = segment.Size;
        while (position + RecordBatchHeader.Size <= size)
        {
            if (segment.ReadHeader(headerBytes, position) < headerBytes.Length)
            {
                break;
            }

            RecordBatchHeader header = RecordBatchHeader.Read(headerBytes);
            if (header.ProducerId >= 0 && header.LastOffset >= start)
            {
                if (header.IsControl)
                {
                    ReplayControl(state, segment, header, position);
                }
                else
                {
                    state.Replay(header, headerBytes, segment.TxnIndex);
                }
            }

            position += header.TotalSize;
        }
    }

    private static void ReplayControl(ProducerStateManager state, LogSegment segment, in RecordBatchHeader header, long position)
    {
        int length = (int)header.TotalSize;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int read = RandomAccess.Read(segment.Handle, buffer.AsSpan(0, length), position);
            state.Replay(header, buffer.AsSpan(0, read), segment.TxnIndex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
