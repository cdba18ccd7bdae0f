using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Records;

/// <summary>
/// The records section of a batch in readable (decompressed) form. For compressed batches the bytes live in a
/// pooled buffer that <see cref="Dispose"/> returns; for uncompressed batches this is a view of the original bytes.
/// </summary>
public sealed class RecordBatchContent : IDisposable
{
    private readonly PooledBufferWriter? _owner;

    private RecordBatchContent(RecordBatchHeader header, ReadOnlyMemory<byte> records, PooledBufferWriter? owner)
    {
        Header = header;
        Records = records;
        _owner = owner;
    }

    public RecordBatchHeader Header { get; }

    /// <summary>The uncompressed records section.</summary>
    public ReadOnlyMemory<byte> Records { get; }

    public RecordReader GetRecords() => new(Records.Span, Header);

    /// <summary>
    /// Makes the records of <paramref name="batch"/> readable, decompressing into a pooled buffer when needed.
    /// </summary>
    /// <exception cref="CorruptRecordException">The compressed data is invalid or inflates past <paramref name="maxDecompressedBytes"/>.</exception>
    public static RecordBatchContent Open(RecordBatch batch, int maxDecompressedBytes) =>
        Open(batch.Header, batch.RecordsSection, maxDecompressedBytes);

    /// <summary>Makes a records section readable; <paramref name="section"/> is the batch's bytes after its header.</summary>
    internal static RecordBatchContent Open(in RecordBatchHeader header, ReadOnlyMemory<byte> section, int maxDecompressedBytes)
    {
        if (header.Compression == CompressionCodec.None)
        {
            return new RecordBatchContent(header, section, null);
        }

        var owner = new PooledBufferWriter((int)Math.Min(Math.Max(section.Length * 4L, 256), maxDecompressedBytes));
        try
        {
            RecordCompression.Decompress(header.Compression, section, owner, maxDecompressedBytes);
            return new RecordBatchContent(header, owner.WrittenMemory, owner);
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    public void Dispose() => _owner?.Dispose();
}
