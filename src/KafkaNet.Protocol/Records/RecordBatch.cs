using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Records;

/// <summary>One validated v2 record batch: a view over exactly its bytes plus its parsed header.</summary>
public readonly struct RecordBatch
{
    private RecordBatch(ReadOnlyMemory<byte> memory, RecordBatchHeader header)
    {
        Memory = memory;
        Header = header;
    }

    /// <summary>The batch's bytes, header included.</summary>
    public ReadOnlyMemory<byte> Memory { get; }

    public RecordBatchHeader Header { get; }

    /// <summary>The records section as stored, i.e. still compressed when the batch is.</summary>
    public ReadOnlyMemory<byte> RecordsSection => Memory[RecordBatchHeader.Size..];

    /// <summary>
    /// Validates the batch at the start of <paramref name="buffer"/> (size, magic, CRC, codec, counts) and, when
    /// valid, returns a view of exactly its bytes. Never throws for bad input.
    /// </summary>
    public static RecordBatchValidationResult TryRead(ReadOnlyMemory<byte> buffer, out RecordBatch batch)
    {
        RecordBatchValidationResult result = RecordBatchValidator.Validate(buffer.Span, out RecordBatchHeader header);
        batch = result == RecordBatchValidationResult.Ok
            ? new RecordBatch(buffer[..(int)header.TotalSize], header)
            : default;
        return result;
    }

    /// <summary>Reads the records of an uncompressed batch in place.</summary>
    /// <exception cref="InvalidOperationException">The batch is compressed; use <see cref="OpenRecords"/>.</exception>
    public RecordReader GetRecords()
    {
        if (Header.Compression != CompressionCodec.None)
        {
            throw new InvalidOperationException($"Batch is {Header.Compression}-compressed; open it with {nameof(OpenRecords)}.");
        }

        return new RecordReader(RecordsSection.Span, Header);
    }

    /// <summary>Makes the records readable whatever the codec; dispose the result to release its buffer.</summary>
    /// <exception cref="CorruptRecordException">The compressed data is invalid or inflates past <paramref name="maxDecompressedBytes"/>.</exception>
    public RecordBatchContent OpenRecords(int maxDecompressedBytes) => RecordBatchContent.Open(this, maxDecompressedBytes);
}
