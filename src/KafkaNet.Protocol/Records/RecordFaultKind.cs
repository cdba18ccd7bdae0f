namespace KafkaNet.Protocol.Records;

/// <summary>Why a batch with a good CRC is still refused, record by record.</summary>
public enum RecordFaultKind
{
    /// <summary>Every record parsed and met the rules.</summary>
    None = 0,

    /// <summary>A record does not parse, or bytes remain after the declared count; the index is the record's.</summary>
    Malformed,

    /// <summary>A record's offset delta is not its index; the value is the delta it carries.</summary>
    OffsetDelta,

    /// <summary>The header's last offset delta disagrees with the records present; the index is their count.</summary>
    LastOffsetDelta,

    /// <summary>A record has no key where <see cref="RecordRules.KeysRequired"/>.</summary>
    MissingKey,

    /// <summary>A record's timestamp lies outside the rules' bounds; the value is the timestamp.</summary>
    Timestamp,

    /// <summary>The compressed records section cannot be decompressed; the detail says why.</summary>
    Undecompressable,
}
