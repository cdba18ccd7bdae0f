namespace KafkaNet.Protocol.Records.Legacy;

/// <summary>Why a v0/v1 message set was refused; <see cref="LegacyMessageErrors.ToErrorCode"/> gives the Kafka error.</summary>
public enum LegacyMessageError
{
    None = 0,

    /// <summary>A message's stored CRC-32 does not match its bytes.</summary>
    CrcMismatch,

    /// <summary>The set ends inside a message or its size prefix (only an error where partial tails are not allowed).</summary>
    Truncated,

    /// <summary>A size prefix is too small for any message, or a field runs past the declared size.</summary>
    BadSize,

    /// <summary>Magic is not 0 or 1, or an inner message's magic differs from its wrapper's.</summary>
    BadMagic,

    /// <summary>A magic 1 wrapper's inner relative offsets do not strictly increase, or make the base offset negative.</summary>
    InnerOffsetsOutOfOrder,

    /// <summary>A compressed message sits inside a compressed wrapper.</summary>
    NestedWrapper,

    /// <summary>A compressed wrapper has a null value or holds no messages.</summary>
    InvalidWrapper,

    /// <summary>The codec is zstd, which message formats before v2 cannot carry.</summary>
    UnsupportedCompression,

    /// <summary>The codec bits name no known codec.</summary>
    UnknownCompression,

    /// <summary>A wrapper's value does not decompress, or inflates past the caller's bound.</summary>
    Undecompressable,
}
