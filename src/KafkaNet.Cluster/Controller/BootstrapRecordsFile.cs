using System.Buffers.Binary;
using KafkaNet.Protocol.Metadata;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Cluster.Controller;

/// <summary>
/// Records the format command leaves in the data directory for the metadata log's first active controller (Kafka's
/// <c>bootstrap.checkpoint</c>, KIP-900: the SCRAM users of <c>--add-scram</c>). The controller that finds the log empty
/// appends them as one entry before anything else; once that entry is in the log the file is never read again.
/// The file: the 4 bytes "KNBR", the CRC-32C of the rest (big-endian), then the records as one metadata log entry holds them.
/// </summary>
public static class BootstrapRecordsFile
{
    public const string FileName = "bootstrap.records";

    private static ReadOnlySpan<byte> Magic => "KNBR"u8;

    private const int HeaderSize = 8;

    /// <summary>Writes the records (replacing an earlier file) so that a crash leaves the whole file or none.</summary>
    public static void Write(string dataDirectory, IReadOnlyList<MetadataRecord> records)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(records);
        byte[] batch = MetadataRecordWriter.ToBatch(records);
        var bytes = new byte[HeaderSize + batch.Length];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), Crc32C.Compute(batch));
        batch.CopyTo(bytes, HeaderSize);
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The records of the directory's file; empty when there is none.</summary>
    /// <exception cref="InvalidDataException">The file is damaged.</exception>
    public static IReadOnlyList<MetadataRecord> Read(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return [];
        }
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderSize || !bytes.AsSpan(0, 4).SequenceEqual(Magic)
            || BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4)) != Crc32C.Compute(bytes.AsSpan(HeaderSize)))
        {
            throw new InvalidDataException($"{path} is damaged: its header or checksum does not match.");
        }
        try
        {
            return MetadataRecordReader.ReadBatch(bytes.AsMemory(HeaderSize));
        }
        catch (KafkaNet.Protocol.KafkaProtocolException e)
        {
            throw new InvalidDataException($"{path} is damaged: {e.Message}", e);
        }
    }
}
