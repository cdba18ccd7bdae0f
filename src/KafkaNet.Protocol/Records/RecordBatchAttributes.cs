using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Records;

/// <summary>Bit layout of the int16 attributes field of a v2 record batch.</summary>
public static class RecordBatchAttributes
{
    /// <summary>Bits 0-2: compression codec.</summary>
    public const short CompressionMask = 0x07;

    /// <summary>Bit 3: set for <see cref="TimestampType.LogAppendTime"/>.</summary>
    public const short TimestampTypeFlag = 0x08;

    /// <summary>Bit 4: the batch belongs to a transaction.</summary>
    public const short TransactionalFlag = 0x10;

    /// <summary>Bit 5: the batch holds a control record (commit/abort marker).</summary>
    public const short ControlFlag = 0x20;

    /// <summary>Bit 6: the base timestamp is the delete horizon set by log compaction.</summary>
    public const short DeleteHorizonFlag = 0x40;

    public static CompressionCodec GetCompression(short attributes) => (CompressionCodec)(attributes & CompressionMask);

    public static TimestampType GetTimestampType(short attributes) =>
        (attributes & TimestampTypeFlag) != 0 ? TimestampType.LogAppendTime : TimestampType.CreateTime;

    public static bool IsTransactional(short attributes) => (attributes & TransactionalFlag) != 0;

    public static bool IsControl(short attributes) => (attributes & ControlFlag) != 0;

    public static bool HasDeleteHorizon(short attributes) => (attributes & DeleteHorizonFlag) != 0;

    /// <summary>Composes an attributes value from its parts.</summary>
    public static short Create(
        CompressionCodec compression,
        TimestampType timestampType = TimestampType.CreateTime,
        bool transactional = false,
        bool control = false,
        bool deleteHorizon = false)
    {
        int value = (int)compression & CompressionMask;
        value |= timestampType == TimestampType.LogAppendTime ? TimestampTypeFlag : 0;
        value |= transactional ? TransactionalFlag : 0;
        value |= control ? ControlFlag : 0;
        value |= deleteHorizon ? DeleteHorizonFlag : 0;
        return (short)value;
    }

    /// <summary>Returns <paramref name="attributes"/> with the timestamp type replaced, e.g. when the broker stamps LogAppendTime.</summary>
    public static short WithTimestampType(short attributes, TimestampType timestampType) =>
        timestampType == TimestampType.LogAppendTime
            ? (short)(attributes | TimestampTypeFlag)
            : (short)(attributes & ~TimestampTypeFlag);
}
