using System.Buffers.Binary;
using KafkaNet.Broker.Shares.Fetch;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Tests.Shares.Fetch;

/// <summary>
/// A log of record batches given by their offset counts, each encoded as a bare batch header (base offset, length,
/// last offset delta): enough for the share-partition leader, which reads nothing else.
/// </summary>
internal sealed class FakeShareLog : IShareLog
{
    private readonly List<(long First, int Count)> _batches = [];

    public FakeShareLog(long startOffset = 0) => StartOffset = EndOffset = startOffset;

    public long StartOffset { get; }

    public long EndOffset { get; private set; }

    public int Reads { get; private set; }

    /// <summary>Appends one batch per count.</summary>
    public FakeShareLog Append(params int[] counts)
    {
        foreach (var count in counts)
        {
            _batches.Add((EndOffset, count));
            EndOffset += count;
        }
        return this;
    }

    /// <summary>The last stable offset; the end offset unless a test sets it lower.</summary>
    public long? Stable { get; set; }

    public long StableEndOffset => Stable ?? EndOffset;

    public byte[] Read(long offset, int maxBytes, long endOffset)
    {
        Reads++;
        var bytes = new List<byte>();
        foreach (var (first, count) in _batches)
        {
            if (first + count <= offset) continue;
            if (first >= endOffset) break;
            if (bytes.Count > 0 && bytes.Count + RecordBatchHeader.Size > maxBytes) break;
            bytes.AddRange(Header(first, count));
        }
        return [.. bytes];
    }

    public IReadOnlyList<(long ProducerId, long FirstOffset, long MarkerOffset)> AbortedTransactions(long from, long to) => [];

    /// <summary>The offsets of the batches in answered bytes, as "first-last" joined by spaces.</summary>
    public static string BatchesIn(byte[] bytes) => string.Join(' ', LogBatches.Ranges(bytes).Select(b => $"{b.FirstOffset}-{b.LastOffset}"));

    private static byte[] Header(long first, int count)
    {
        var header = new byte[RecordBatchHeader.Size];
        BinaryPrimitives.WriteInt64BigEndian(header, first);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(RecordBatchHeader.BatchLengthOffset), RecordBatchHeader.Size - RecordBatchHeader.LogOverhead);
        header[RecordBatchHeader.MagicOffset] = RecordBatchHeader.CurrentMagic;
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(RecordBatchHeader.LastOffsetDeltaOffset), count - 1);
        return header;
    }
}
