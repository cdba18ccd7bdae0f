using System.Buffers.Binary;
using System.Globalization;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Producers;

/// <summary>
/// Kafka's producer state snapshot (<c>&lt;offset&gt;.snapshot</c>, the offset being the log end it was taken at):
/// version int16 1, CRC-32C uint32 of everything after it, then an int32 count of 46-byte entries: producer id int64,
/// epoch int16, last sequence int32, last offset int64, offset delta int32, timestamp int64, coordinator epoch int32,
/// first offset of the open transaction int64 (-1 for none). Only a producer's last batch is kept.
/// </summary>
internal static class ProducerSnapshotFile
{
    private const short Version = 1;
    private const int CrcOffset = 2;
    private const int EntriesOffset = 6;
    private const int EntrySize = 46;

    /// <summary>Writes the snapshot to a temporary file and renames it into place; fsynced only when asked.</summary>
    public static void Write(string path, IReadOnlyCollection<ProducerStateEntry> entries, bool fsync)
    {
        byte[] bytes = new byte[EntriesOffset + 4 + (entries.Count * EntrySize)];
        BinaryPrimitives.WriteInt16BigEndian(bytes, Version);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(EntriesOffset), entries.Count);
        int at = EntriesOffset + 4;
        foreach (ProducerStateEntry entry in entries)
        {
            Span<byte> span = bytes.AsSpan(at, EntrySize);
            BatchMetadata last = entry.HasBatches ? entry.LastBatch : new BatchMetadata(-1, -1, 0, entry.LastTimestamp);
            BinaryPrimitives.WriteInt64BigEndian(span, entry.ProducerId);
            BinaryPrimitives.WriteInt16BigEndian(span[8..], entry.Epoch);
            BinaryPrimitives.WriteInt32BigEndian(span[10..], last.LastSequence);
            BinaryPrimitives.WriteInt64BigEndian(span[14..], last.LastOffset);
            BinaryPrimitives.WriteInt32BigEndian(span[22..], last.OffsetDelta);
            BinaryPrimitives.WriteInt64BigEndian(span[26..], entry.LastTimestamp);
            BinaryPrimitives.WriteInt32BigEndian(span[34..], entry.CoordinatorEpoch);
            BinaryPrimitives.WriteInt64BigEndian(span[38..], entry.CurrentTxnFirstOffset);
            at += EntrySize;
        }

        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(CrcOffset), Crc32C.Compute(bytes.AsSpan(EntriesOffset)));
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            if (fsync)
            {
                stream.Flush(flushToDisk: true);
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a snapshot; null when it is missing, of another version, torn or fails its CRC.</summary>
    public static List<ProducerStateEntry>? TryRead(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return null;
        }

        if (bytes.Length < EntriesOffset + 4
            || BinaryPrimitives.ReadInt16BigEndian(bytes) != Version
            || BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(CrcOffset)) != Crc32C.Compute(bytes.AsSpan(EntriesOffset)))
        {
            return null;
        }

        int count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(EntriesOffset));
        if (count < 0 || bytes.Length != EntriesOffset + 4 + ((long)count * EntrySize))
        {
            return null;
        }

        var entries = new List<ProducerStateEntry>(count);
        for (int at = EntriesOffset + 4; at < bytes.Length; at += EntrySize)
        {
            ReadOnlySpan<byte> span = bytes.AsSpan(at, EntrySize);
            var entry = new ProducerStateEntry(BinaryPrimitives.ReadInt64BigEndian(span))
            {
                CoordinatorEpoch = BinaryPrimitives.ReadInt32BigEndian(span[34..]),
                CurrentTxnFirstOffset = BinaryPrimitives.ReadInt64BigEndian(span[38..]),
            };
            short epoch = BinaryPrimitives.ReadInt16BigEndian(span[8..]);
            long lastOffset = BinaryPrimitives.ReadInt64BigEndian(span[14..]);
            long timestamp = BinaryPrimitives.ReadInt64BigEndian(span[26..]);
            if (lastOffset >= 0)
            {
                entry.AddBatch(epoch, new BatchMetadata(BinaryPrimitives.ReadInt32BigEndian(span[10..]), lastOffset, BinaryPrimitives.ReadInt32BigEndian(span[22..]), timestamp));
            }

            entry.SetEpoch(epoch);
            entry.LastTimestamp = timestamp;
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>The offsets of the snapshots in <paramref name="dir"/>, ascending.</summary>
    public static List<long> List(string dir)
    {
        var offsets = new List<long>();
        foreach (string file in Directory.EnumerateFiles(dir, "*" + LogFileNames.SnapshotSuffix))
        {
            string name = Path.GetFileName(file);
            if (name.Length == 20 + LogFileNames.SnapshotSuffix.Length
                && long.TryParse(name.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out long offset))
            {
                offsets.Add(offset);
            }
        }

        offsets.Sort();
        return offsets;
    }

    /// <summary>Deletes the snapshots taken below <paramref name="from"/> or above <paramref name="to"/>.</summary>
    public static void DeleteOutside(string dir, long from, long to)
    {
        foreach (long offset in List(dir))
        {
            if (offset < from || offset > to)
            {
                File.Delete(LogFileNames.SnapshotFile(dir, offset));
            }
        }
    }
}
