using System.Buffers;
using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Records.Legacy;

/// <summary>
/// Turns a parsed v0/v1 produce into one v2 batch, as Kafka does when the log holds v2: keys, values and
/// timestamps are kept (magic 0 has none, so -1), there are no headers, offsets restart at 0 for the log to assign.
/// </summary>
public static class LegacyToV2Converter
{
    /// <summary>Writes the batch compressed with the set's own codec; returns its size.</summary>
    public static int Convert(LegacyMessageSet set, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(set);
        return Convert(set, set.SourceCompression, destination);
    }

    /// <summary>Writes the batch compressed with <paramref name="compression"/>; returns its size.</summary>
    /// <exception cref="InvalidOperationException">The set has an error or no messages.</exception>
    public static int Convert(LegacyMessageSet set, CompressionCodec compression, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(destination);
        if (!set.IsValid || set.Messages.Count == 0)
        {
            throw new InvalidOperationException("Only a valid, non-empty message set can be converted.");
        }

        bool allLogAppend = true;
        foreach (LegacyMessage message in set.Messages)
        {
            allLogAppend &= message.TimestampType == TimestampType.LogAppendTime;
        }

        using var builder = new RecordBatchBuilder
        {
            Compression = compression,
            TimestampType = allLogAppend ? TimestampType.LogAppendTime : TimestampType.CreateTime,
        };
        foreach (LegacyMessage message in set.Messages)
        {
            builder.Append(message.Timestamp, ToNullable(message.Key), ToNullable(message.Value));
        }

        return builder.WriteTo(destination);
    }

    private static NullableBytes ToNullable(ReadOnlyMemory<byte>? bytes) =>
        bytes is { } present ? new NullableBytes(present.Span) : NullableBytes.Null;
}
