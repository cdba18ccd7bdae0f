using System.Buffers.Binary;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Cli.DumpLog;

/// <summary>
/// Dumps a producer state snapshot (.snapshot): one line per producer, with its last batch when it has one. The layout
/// is Kafka's (version int16 1, CRC-32C of what follows it, an int32 count of 46-byte entries; see the storage
/// README). The log's own reader only says whether a snapshot loads; a dump has to say why one does not, so this
/// reads the same layout and reports a bad version, size or CRC in Kafka's words on stderr.
/// </summary>
internal static class ProducerSnapshotDumper
{
    private const short Version = 1;
    private const int CrcOffset = 2;
    private const int CountOffset = 6;
    private const int EntriesOffset = 10;
    private const int EntrySize = 46;

    public static void Dump(string path, TextWriter stdout, TextWriter stderr)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (Problem(bytes) is string problem)
        {
            stderr.WriteLine(problem);
            return;
        }

        for (int at = EntriesOffset; at < bytes.Length; at += EntrySize)
        {
            stdout.WriteLine(Entry(bytes.AsSpan(at, EntrySize)));
        }
    }

    private static string? Problem(byte[] bytes)
    {
        if (bytes.Length < EntriesOffset)
        {
            return $"Snapshot failed schema validation: {bytes.Length} bytes are fewer than a snapshot header ({EntriesOffset} bytes)";
        }

        short version = BinaryPrimitives.ReadInt16BigEndian(bytes);
        if (version != Version)
        {
            return $"Snapshot contained an unknown file version {version}";
        }

        int count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(CountOffset));
        if (count < 0 || bytes.Length != EntriesOffset + ((long)count * EntrySize))
        {
            return $"Snapshot failed schema validation: {count} entries of {EntrySize} bytes do not fill the {bytes.Length - EntriesOffset} bytes after the header";
        }

        uint stored = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(CrcOffset));
        uint computed = Crc32C.Compute(bytes.AsSpan(CountOffset));
        return stored == computed ? null : $"Snapshot is corrupt (CRC is no longer valid). Stored crc: {stored}. Computed crc: {computed}";
    }

    private static string Entry(ReadOnlySpan<byte> entry)
    {
        long producerId = BinaryPrimitives.ReadInt64BigEndian(entry);
        short epoch = BinaryPrimitives.ReadInt16BigEndian(entry[8..]);
        int lastSequence = BinaryPrimitives.ReadInt32BigEndian(entry[10..]);
        long lastOffset = BinaryPrimitives.ReadInt64BigEndian(entry[14..]);
        int offsetDelta = BinaryPrimitives.ReadInt32BigEndian(entry[22..]);
        long timestamp = BinaryPrimitives.ReadInt64BigEndian(entry[26..]);
        int coordinatorEpoch = BinaryPrimitives.ReadInt32BigEndian(entry[34..]);
        long txnFirstOffset = BinaryPrimitives.ReadInt64BigEndian(entry[38..]);
        string line = $"producerId: {producerId} producerEpoch: {epoch} coordinatorEpoch: {coordinatorEpoch} " +
            $"currentTxnFirstOffset: {(txnFirstOffset >= 0 ? $"OptionalLong[{txnFirstOffset}]" : "OptionalLong.empty")} lastTimestamp: {timestamp} ";
        return lastOffset < 0
            ? line
            : line + $"firstSequence: {FirstSequence(lastSequence, offsetDelta)} lastSequence: {lastSequence} " +
                $"lastOffset: {lastOffset} offsetDelta: {offsetDelta} timestamp: {timestamp}";
    }

    // Sequences wrap from int.MaxValue to 0, so the first of a batch may be above its last.
    private static int FirstSequence(int lastSequence, int offsetDelta) =>
        lastSequence < offsetDelta ? int.MaxValue - (offsetDelta - lastSequence) + 1 : lastSequence - offsetDelta;
}
