using System.Buffers;
using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Records;

/// <summary>
/// Builds one v2 record batch: records are encoded as they are appended into a pooled buffer, then
/// <see cref="WriteTo"/> compresses them, writes the header and computes the CRC. Reusable after <see cref="Reset"/>.
/// </summary>
public sealed class RecordBatchBuilder : IDisposable
{
    private readonly PooledBufferWriter _records = new(1024);
    private long _baseTimestamp;
    private long _maxTimestamp;

    public CompressionCodec Compression { get; set; } = CompressionCodec.None;

    public TimestampType TimestampType { get; set; } = TimestampType.CreateTime;

    public long BaseOffset { get; set; }

    public int PartitionLeaderEpoch { get; set; } = RecordBatchHeader.NoPartitionLeaderEpoch;

    public long ProducerId { get; set; } = RecordBatchHeader.NoProducerId;

    public short ProducerEpoch { get; set; } = RecordBatchHeader.NoProducerEpoch;

    public int BaseSequence { get; set; } = RecordBatchHeader.NoSequence;

    public bool IsTransactional { get; set; }

    public bool IsControl { get; set; }

    /// <summary>Records appended so far.</summary>
    public int Count { get; private set; }

    /// <summary>Uncompressed size of the records appended so far.</summary>
    public int UncompressedRecordsSize => _records.WrittenCount;

    /// <summary>Appends a record whose offset is the next in the batch. Key and value may be null.</summary>
    public void Append(long timestamp, NullableBytes key, NullableBytes value, ReadOnlySpan<RecordHeaderData> headers = default)
    {
        if (Count == 0)
        {
            _baseTimestamp = timestamp;
            _maxTimestamp = timestamp;
        }

        long timestampDelta = timestamp - _baseTimestamp;
        int offsetDelta = Count;
        int bodySize = 1
            + Varint.SizeOfVarlong(timestampDelta)
            + Varint.SizeOfVarint(offsetDelta)
            + SizeOfNullable(key.WireLength)
            + SizeOfNullable(value.WireLength)
            + Varint.SizeOfVarint(headers.Length);
        foreach (RecordHeaderData header in headers)
        {
            bodySize += SizeOfNullable(header.Key.Length) + SizeOfNullable(header.Value?.Length ?? -1);
        }

        int total = Varint.SizeOfVarint(bodySize) + bodySize;
        Span<byte> span = _records.GetSpan(total);
        int at = Varint.WriteVarint(span, bodySize);
        span[at++] = 0; // record attributes are unused
        at += Varint.WriteVarlong(span[at..], timestampDelta);
        at += Varint.WriteVarint(span[at..], offsetDelta);
        at += WriteNullable(span[at..], key.Bytes, key.IsNull);
        at += WriteNullable(span[at..], value.Bytes, value.IsNull);
        at += Varint.WriteVarint(span[at..], headers.Length);
        foreach (RecordHeaderData header in headers)
        {
            at += WriteNullable(span[at..], header.Key.Span, isNull: false);
            at += WriteNullable(span[at..], header.Value.GetValueOrDefault().Span, header.Value is null);
        }

        _records.Advance(at);
        _maxTimestamp = Math.Max(_maxTimestamp, timestamp);
        Count++;
    }

    /// <summary>Writes the finished batch to <paramref name="destination"/> and returns its size in bytes.</summary>
    /// <exception cref="InvalidOperationException">No records were appended.</exception>
    public int WriteTo(IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (Count == 0)
        {
            throw new InvalidOperationException("A record batch needs at least one record.");
        }

        using var compressed = Compression == CompressionCodec.None ? null : new PooledBufferWriter(_records.WrittenCount);
        if (compressed is not null)
        {
            RecordCompression.Compress(Compression, _records.WrittenSpan, compressed);
        }

        ReadOnlySpan<byte> body = compressed is null ? _records.WrittenSpan : compressed.WrittenSpan;
        int total = RecordBatchHeader.Size + body.Length;
        Span<byte> batch = destination.GetSpan(total)[..total];
        new RecordBatchHeader
        {
            BaseOffset = BaseOffset,
            BatchLength = total - RecordBatchHeader.LogOverhead,
            PartitionLeaderEpoch = PartitionLeaderEpoch,
            Magic = RecordBatchHeader.CurrentMagic,
            Attributes = RecordBatchAttributes.Create(Compression, TimestampType, IsTransactional, IsControl),
            LastOffsetDelta = Count - 1,
            BaseTimestamp = _baseTimestamp,
            MaxTimestamp = _maxTimestamp,
            ProducerId = ProducerId,
            ProducerEpoch = ProducerEpoch,
            BaseSequence = BaseSequence,
            RecordCount = Count,
        }.WriteTo(batch);
        body.CopyTo(batch[RecordBatchHeader.Size..]);
        RecordBatchCrc.Update(batch);
        destination.Advance(total);
        return total;
    }

    /// <summary>Returns the finished batch as a new array.</summary>
    public byte[] ToArray()
    {
        var output = new ArrayBufferWriter<byte>(RecordBatchHeader.Size + _records.WrittenCount);
        WriteTo(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Drops appended records so the builder can start a new batch; settings are kept.</summary>
    public void Reset()
    {
        _records.Clear();
        Count = 0;
    }

    public void Dispose() => _records.Dispose();

    private static int SizeOfNullable(int wireLength) => Varint.SizeOfVarint(wireLength) + Math.Max(wireLength, 0);

    private static int WriteNullable(Span<byte> destination, ReadOnlySpan<byte> bytes, bool isNull)
    {
        if (isNull)
        {
            return Varint.WriteVarint(destination, -1);
        }

        int at = Varint.WriteVarint(destination, bytes.Length);
        bytes.CopyTo(destination[at..]);
        return at + bytes.Length;
    }
}
