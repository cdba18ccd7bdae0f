using KafkaNet.Protocol.Records;
using Microsoft.Win32.SafeHandles;

namespace KafkaNet.Cli.DumpLog;

/// <summary>
/// A .log file opened read-only, read one batch at a time with positional reads, so a segment of any size is dumped
/// without holding it in memory and a damaged one is described rather than thrown at.
/// </summary>
internal sealed class SegmentFile : IDisposable
{
    private readonly SafeFileHandle _handle;

    private SegmentFile(SafeFileHandle handle)
    {
        _handle = handle;
        Length = RandomAccess.GetLength(handle);
    }

    public long Length { get; }

    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static SegmentFile Open(string path) =>
        new(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));

    /// <summary>The batch starting at <paramref name="position"/>, read no further than <paramref name="end"/>.</summary>
    public BatchAt Read(long position, long end)
    {
        long remaining = end - position;
        if (remaining <= 0)
        {
            return new BatchAt(BatchStatus.End, null, default, null);
        }

        if (remaining < RecordBatchHeader.Size)
        {
            return Corrupt($"{remaining} bytes are fewer than a record batch header ({RecordBatchHeader.Size} bytes)");
        }

        var headerBytes = new byte[RecordBatchHeader.Size];
        ReadExactly(headerBytes, position);
        RecordBatchHeader header = RecordBatchHeader.Read(headerBytes);
        if (header.Magic != RecordBatchHeader.CurrentMagic)
        {
            return Corrupt($"magic {header.Magic} is not {RecordBatchHeader.CurrentMagic}: no v2 record batch starts here");
        }

        if (header.TotalSize < RecordBatchHeader.Size)
        {
            return Corrupt($"batch length {header.BatchLength} is smaller than a record batch header");
        }

        if (header.TotalSize > remaining)
        {
            return new BatchAt(BatchStatus.Truncated, null, header, $"the batch of {header.TotalSize} bytes at offset {header.BaseOffset} ends past the {end - position} bytes left");
        }

        var bytes = new byte[header.TotalSize];
        ReadExactly(bytes, position);
        return new BatchAt(BatchStatus.Batch, bytes, header, null);

        static BatchAt Corrupt(string problem) => new(BatchStatus.Corrupt, null, default, problem);
    }

    public void Dispose() => _handle.Dispose();

    private void ReadExactly(Span<byte> into, long position)
    {
        int read = 0;
        while (read < into.Length)
        {
            int n = RandomAccess.Read(_handle, into[read..], position + read);
            if (n == 0)
            {
                throw new EndOfStreamException($"The file ended at {position + read} bytes while reading.");
            }

            read += n;
        }
    }
}

/// <summary>What was found at a position of a .log file.</summary>
internal enum BatchStatus
{
    /// <summary>A whole v2 batch (its CRC may still be wrong).</summary>
    Batch,

    /// <summary>Nothing is left to read.</summary>
    End,

    /// <summary>A batch header whose batch runs past the bytes read.</summary>
    Truncated,

    /// <summary>Bytes that are no batch header.</summary>
    Corrupt,
}

/// <summary>A batch's bytes and header when <see cref="Status"/> is <see cref="BatchStatus.Batch"/>; otherwise why not.</summary>
internal readonly record struct BatchAt(BatchStatus Status, byte[]? Bytes, RecordBatchHeader Header, string? Problem);
