using System.Buffers.Binary;

namespace KafkaNet.Cli.DumpLog;

/// <summary>
/// Dumps an aborted transaction index (.txnindex): one line per aborted transaction. Entries are 34 bytes, Kafka's
/// layout (version int16, producer id, first offset, last offset, last stable offset, all int64); bytes that are no
/// whole entry are reported by position. The log's own index class is not used: opening it cuts such bytes off the
/// file, and a dump must change nothing.
/// </summary>
internal static class TransactionIndexDumper
{
    private const int EntrySize = 34;

    public static void Dump(string path, TextWriter stdout)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int at = 0;
        for (; at + EntrySize <= bytes.Length; at += EntrySize)
        {
            ReadOnlySpan<byte> entry = bytes.AsSpan(at, EntrySize);
            stdout.WriteLine(
                $"version: {BinaryPrimitives.ReadInt16BigEndian(entry)} producerId: {BinaryPrimitives.ReadInt64BigEndian(entry[2..])} " +
                $"firstOffset: {BinaryPrimitives.ReadInt64BigEndian(entry[10..])} lastOffset: {BinaryPrimitives.ReadInt64BigEndian(entry[18..])} " +
                $"lastStableOffset: {BinaryPrimitives.ReadInt64BigEndian(entry[26..])}");
        }

        if (at < bytes.Length)
        {
            stdout.WriteLine($"Found {bytes.Length - at} invalid bytes at the end of {Path.GetFileName(path)} (position {at})");
        }
    }
}
