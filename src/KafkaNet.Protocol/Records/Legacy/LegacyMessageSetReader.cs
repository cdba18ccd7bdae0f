using System.Buffers.Binary;
using System.IO.Hashing;
using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Records.Legacy;

/// <summary>
/// Parses and validates a v0/v1 message set (CRC, sizes, magic, codecs) and unwraps compressed wrappers into
/// absolute-offset messages. Never throws for bad input; the result carries the error.
/// </summary>
public static class LegacyMessageSetReader
{
    /// <param name="source">The message set bytes.</param>
    /// <param name="maxDecompressedBytes">Ceiling on the bytes all wrappers of the set may inflate to together.</param>
    /// <param name="allowPartialTrailingMessage">
    /// True for fetched data, where a cut-off last entry is normal and skipped; false for produce, where it is
    /// <see cref="LegacyMessageError.Truncated"/>.
    /// </param>
    public static LegacyMessageSet Read(ReadOnlyMemory<byte> source, int maxDecompressedBytes, bool allowPartialTrailingMessage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDecompressedBytes);
        var set = new LegacyMessageSet();
        int budget = maxDecompressedBytes;
        int position = 0;
        while (position < source.Length)
        {
            ReadOnlyMemory<byte> rest = source[position..];
            if (!TryFrame(rest.Span, out int entrySize, out LegacyMessageError frameError))
            {
                if (frameError == LegacyMessageError.Truncated && allowPartialTrailingMessage)
                {
                    set.HasPartialTrailingMessage = true;
                }
                else
                {
                    set.Fail(frameError, position);
                }

                break;
            }

            LegacyMessageError error = ReadEntry(set, rest[..entrySize], ref budget);
            if (error != LegacyMessageError.None)
            {
                set.Fail(error, position);
                break;
            }

            position += entrySize;
            set.BytesRead = position;
            set.EntryCount++;
        }

        return set;
    }

    /// <summary>Checks that a whole entry starts <paramref name="span"/> and returns its size.</summary>
    private static bool TryFrame(ReadOnlySpan<byte> span, out int entrySize, out LegacyMessageError error)
    {
        entrySize = 0;
        if (span.Length < LegacyMessageFormat.LogOverhead)
        {
            error = LegacyMessageError.Truncated;
            return false;
        }

        int size = BinaryPrimitives.ReadInt32BigEndian(span[8..]);
        if (size < LegacyMessageFormat.MinMessageSize(LegacyMessageFormat.Magic0))
        {
            error = LegacyMessageError.BadSize;
            return false;
        }

        // Compared before adding so a huge prefix cannot overflow; nothing is allocated from it.
        if (size > span.Length - LegacyMessageFormat.LogOverhead)
        {
            error = LegacyMessageError.Truncated;
            return false;
        }

        entrySize = LegacyMessageFormat.LogOverhead + size;
        error = LegacyMessageError.None;
        return true;
    }

    private static LegacyMessageError ReadEntry(LegacyMessageSet set, ReadOnlyMemory<byte> entry, ref int budget)
    {
        LegacyMessageError error = Parse(entry, out Parsed message);
        if (error != LegacyMessageError.None)
        {
            return error;
        }

        set.MaxMagic = Math.Max(set.MaxMagic, message.Magic);
        int codec = message.Attributes & LegacyMessageFormat.CompressionMask;
        if (codec == (int)CompressionCodec.None)
        {
            set.MessageList.Add(new LegacyMessage(
                message.Magic, message.Offset, message.Timestamp, message.TimestampType, message.Key, message.Value));
            return LegacyMessageError.None;
        }

        if (codec == (int)CompressionCodec.Zstd)
        {
            return LegacyMessageError.UnsupportedCompression;
        }

        if (codec > (int)CompressionCodec.Zstd)
        {
            return LegacyMessageError.UnknownCompression;
        }

        set.SourceCompression = (CompressionCodec)codec;
        return Unwrap(set, message, (CompressionCodec)codec, ref budget);
    }

    private static LegacyMessageError Unwrap(LegacyMessageSet set, in Parsed wrapper, CompressionCodec codec, ref int budget)
    {
        if (wrapper.Value is not { } compressed)
        {
            return LegacyMessageError.InvalidWrapper;
        }

        PooledBufferWriter inflated = set.RentBuffer((int)Math.Min(Math.Max(compressed.Length * 4L, 256), Math.Max(budget, 1)));
        try
        {
            ReadOnlyMemory<byte> input = codec == CompressionCodec.Lz4 && wrapper.Magic == LegacyMessageFormat.Magic0
                ? LegacyLz4.WithStandardHeaderChecksum(compressed)
                : compressed;
            budget -= RecordCompression.Decompress(codec, input, inflated, budget);
        }
        catch (CorruptRecordException)
        {
            return LegacyMessageError.Undecompressable;
        }

        List<LegacyMessage> messages = set.MessageList;
        int first = messages.Count;
        ReadOnlyMemory<byte> inner = inflated.WrittenMemory;
        long previous = -1;
        while (!inner.IsEmpty)
        {
            if (!TryFrame(inner.Span, out int entrySize, out LegacyMessageError frameError))
            {
                return frameError;
            }

            LegacyMessageError error = Parse(inner[..entrySize], out Parsed message);
            if (error != LegacyMessageError.None)
            {
                return error;
            }

            if (message.Magic != wrapper.Magic)
            {
                return LegacyMessageError.BadMagic;
            }

            if ((message.Attributes & LegacyMessageFormat.CompressionMask) != 0)
            {
                return LegacyMessageError.NestedWrapper;
            }

            if (wrapper.Magic > LegacyMessageFormat.Magic0 && message.Offset <= previous)
            {
                return LegacyMessageError.InnerOffsetsOutOfOrder;
            }

            previous = message.Offset;
            bool logAppend = wrapper.TimestampType == TimestampType.LogAppendTime;
            messages.Add(new LegacyMessage(
                message.Magic,
                message.Offset,
                logAppend ? wrapper.Timestamp : message.Timestamp,
                wrapper.TimestampType,
                message.Key,
                message.Value));
            inner = inner[entrySize..];
        }

        if (messages.Count == first)
        {
            return LegacyMessageError.InvalidWrapper;
        }

        return wrapper.Magic == LegacyMessageFormat.Magic0 ? LegacyMessageError.None : Rebase(messages, first, wrapper.Offset);
    }

    /// <summary>Magic 1 inner offsets are relative; the wrapper carries the last inner message's absolute offset.</summary>
    private static LegacyMessageError Rebase(List<LegacyMessage> messages, int first, long wrapperOffset)
    {
        // Producers need not fill in the wrapper's offset (kafka-python writes 0) and the broker assigns offsets
        // anyway, so a wrapper offset below the inner count only means the set starts at 0.
        long baseOffset = Math.Max(0, wrapperOffset - messages[^1].Offset);

        for (int i = first; i < messages.Count; i++)
        {
            LegacyMessage m = messages[i];
            messages[i] = new LegacyMessage(m.Magic, baseOffset + m.Offset, m.Timestamp, m.TimestampType, m.Key, m.Value);
        }

        return LegacyMessageError.None;
    }

    /// <summary>Parses one whole entry (offset, size and message), checking magic, CRC and field lengths.</summary>
    private static LegacyMessageError Parse(ReadOnlyMemory<byte> entry, out Parsed parsed)
    {
        parsed = default;
        ReadOnlySpan<byte> span = entry.Span;
        ReadOnlySpan<byte> message = span[LegacyMessageFormat.LogOverhead..];
        byte magic = message[LegacyMessageFormat.MagicOffset];
        if (magic > LegacyMessageFormat.Magic1)
        {
            return LegacyMessageError.BadMagic;
        }

        if (message.Length < LegacyMessageFormat.MinMessageSize(magic))
        {
            return LegacyMessageError.BadSize;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(message) != Crc32.HashToUInt32(message[LegacyMessageFormat.MagicOffset..]))
        {
            return LegacyMessageError.CrcMismatch;
        }

        byte attributes = message[LegacyMessageFormat.AttributesOffset];
        long timestamp = magic == LegacyMessageFormat.Magic0
            ? LegacyMessageFormat.NoTimestamp
            : BinaryPrimitives.ReadInt64BigEndian(message[LegacyMessageFormat.TimestampOffset..]);
        var timestampType = magic > LegacyMessageFormat.Magic0 && (attributes & LegacyMessageFormat.TimestampTypeFlag) != 0
            ? TimestampType.LogAppendTime
            : TimestampType.CreateTime;
        int at = LegacyMessageFormat.LogOverhead + LegacyMessageFormat.HeaderSize(magic);
        if (!TryReadBytes(entry, ref at, out ReadOnlyMemory<byte>? key) || !TryReadBytes(entry, ref at, out ReadOnlyMemory<byte>? value)
            || at != entry.Length)
        {
            return LegacyMessageError.BadSize;
        }

        parsed = new Parsed(BinaryPrimitives.ReadInt64BigEndian(span), magic, attributes, timestamp, timestampType, key, value);
        return LegacyMessageError.None;
    }

    private static bool TryReadBytes(ReadOnlyMemory<byte> entry, ref int at, out ReadOnlyMemory<byte>? bytes)
    {
        bytes = null;
        if (entry.Length - at < 4)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadInt32BigEndian(entry.Span[at..]);
        at += 4;
        if (length == -1)
        {
            return true;
        }

        if (length < 0 || length > entry.Length - at)
        {
            return false;
        }

        bytes = entry.Slice(at, length);
        at += length;
        return true;
    }

    private readonly record struct Parsed(
        long Offset, byte Magic, byte Attributes, long Timestamp, TimestampType TimestampType, ReadOnlyMemory<byte>? Key, ReadOnlyMemory<byte>? Value);
}
