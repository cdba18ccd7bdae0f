using System.Buffers.Binary;
using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Records;

/// <summary>
/// The fixed 61-byte header of a v2 (magic 2) record batch. All fields are big-endian on the wire.
/// Parsing reads the fields straight from the span; nothing is copied besides the values themselves.
/// </summary>
public readonly struct RecordBatchHeader
{
    public const int BaseOffsetOffset = 0;
    public const int BatchLengthOffset = 8;
    public const int PartitionLeaderEpochOffset = 12;
    public const int MagicOffset = 16;
    public const int CrcOffset = 17;
    public const int AttributesOffset = 21;
    public const int LastOffsetDeltaOffset = 23;
    public const int BaseTimestampOffset = 27;
    public const int MaxTimestampOffset = 35;
    public const int ProducerIdOffset = 43;
    public const int ProducerEpochOffset = 51;
    public const int BaseSequenceOffset = 53;
    public const int RecordCountOffset = 57;

    /// <summary>Size of the header; the records section starts here.</summary>
    public const int Size = 61;

    /// <summary>Bytes before the length field's coverage starts: base offset plus the length itself.</summary>
    public const int LogOverhead = 12;

    /// <summary>The only magic value this header layout describes.</summary>
    public const byte CurrentMagic = 2;

    /// <summary>Producer id meaning "not idempotent".</summary>
    public const long NoProducerId = -1;

    /// <summary>Producer epoch meaning "not idempotent".</summary>
    public const short NoProducerEpoch = -1;

    /// <summary>Base sequence meaning "not idempotent".</summary>
    public const int NoSequence = -1;

    /// <summary>Partition leader epoch meaning "not yet assigned by a leader".</summary>
    public const int NoPartitionLeaderEpoch = -1;

    public long BaseOffset { get; init; }

    /// <summary>Bytes following the length field, i.e. the whole batch is <see cref="LogOverhead"/> + this.</summary>
    public int BatchLength { get; init; }

    public int PartitionLeaderEpoch { get; init; }

    public byte Magic { get; init; }

    public uint Crc { get; init; }

    public short Attributes { get; init; }

    public int LastOffsetDelta { get; init; }

    public long BaseTimestamp { get; init; }

    public long MaxTimestamp { get; init; }

    public long ProducerId { get; init; }

    public short ProducerEpoch { get; init; }

    public int BaseSequence { get; init; }

    public int RecordCount { get; init; }

    public CompressionCodec Compression => RecordBatchAttributes.GetCompression(Attributes);

    public TimestampType TimestampType => RecordBatchAttributes.GetTimestampType(Attributes);

    public bool IsTransactional => RecordBatchAttributes.IsTransactional(Attributes);

    public bool IsControl => RecordBatchAttributes.IsControl(Attributes);

    public bool HasDeleteHorizon => RecordBatchAttributes.HasDeleteHorizon(Attributes);

    public long LastOffset => BaseOffset + LastOffsetDelta;

    /// <summary>Whole batch size in bytes, header included.</summary>
    public long TotalSize => LogOverhead + (long)BatchLength;

    /// <summary>Reads the header fields from the start of <paramref name="source"/> without validating them.</summary>
    /// <returns>False when fewer than <see cref="Size"/> bytes are available.</returns>
    public static bool TryRead(ReadOnlySpan<byte> source, out RecordBatchHeader header)
    {
        if (source.Length < Size)
        {
            header = default;
            return false;
        }

        header = new RecordBatchHeader
        {
            BaseOffset = BinaryPrimitives.ReadInt64BigEndian(source[BaseOffsetOffset..]),
            BatchLength = BinaryPrimitives.ReadInt32BigEndian(source[BatchLengthOffset..]),
            PartitionLeaderEpoch = BinaryPrimitives.ReadInt32BigEndian(source[PartitionLeaderEpochOffset..]),
            Magic = source[MagicOffset],
            Crc = BinaryPrimitives.ReadUInt32BigEndian(source[CrcOffset..]),
            Attributes = BinaryPrimitives.ReadInt16BigEndian(source[AttributesOffset..]),
            LastOffsetDelta = BinaryPrimitives.ReadInt32BigEndian(source[LastOffsetDeltaOffset..]),
            BaseTimestamp = BinaryPrimitives.ReadInt64BigEndian(source[BaseTimestampOffset..]),
            MaxTimestamp = BinaryPrimitives.ReadInt64BigEndian(source[MaxTimestampOffset..]),
            ProducerId = BinaryPrimitives.ReadInt64BigEndian(source[ProducerIdOffset..]),
            ProducerEpoch = BinaryPrimitives.ReadInt16BigEndian(source[ProducerEpochOffset..]),
            BaseSequence = BinaryPrimitives.ReadInt32BigEndian(source[BaseSequenceOffset..]),
            RecordCount = BinaryPrimitives.ReadInt32BigEndian(source[RecordCountOffset..]),
        };
        return true;
    }

    /// <summary>Reads the header fields from the start of <paramref name="source"/>.</summary>
    /// <exception cref="CorruptRecordException">Fewer than <see cref="Size"/> bytes are available.</exception>
    public static RecordBatchHeader Read(ReadOnlySpan<byte> source) =>
        TryRead(source, out RecordBatchHeader header)
            ? header
            : throw new CorruptRecordException($"Record batch header needs {Size} bytes, got {source.Length}.");

    /// <summary>Writes all header fields, CRC included as stored in <see cref="Crc"/>, to the start of <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size, nameof(destination));
        BinaryPrimitives.WriteInt64BigEndian(destination[BaseOffsetOffset..], BaseOffset);
        BinaryPrimitives.WriteInt32BigEndian(destination[BatchLengthOffset..], BatchLength);
        BinaryPrimitives.WriteInt32BigEndian(destination[PartitionLeaderEpochOffset..], PartitionLeaderEpoch);
        destination[MagicOffset] = Magic;
        BinaryPrimitives.WriteUInt32BigEndian(destination[CrcOffset..], Crc);
        BinaryPrimitives.WriteInt16BigEndian(destination[AttributesOffset..], Attributes);
        BinaryPrimitives.WriteInt32BigEndian(destination[LastOffsetDeltaOffset..], LastOffsetDelta);
        BinaryPrimitives.WriteInt64BigEndian(destination[BaseTimestampOffset..], BaseTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(destination[MaxTimestampOffset..], MaxTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(destination[ProducerIdOffset..], ProducerId);
        BinaryPrimitives.WriteInt16BigEndian(destination[ProducerEpochOffset..], ProducerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(destination[BaseSequenceOffset..], BaseSequence);
        BinaryPrimitives.WriteInt32BigEndian(destination[RecordCountOffset..], RecordCount);
    }
}
