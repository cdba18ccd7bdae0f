namespace KafkaNet.Protocol.Records;

/// <summary>Outcome of reading the next record from a batch.</summary>
public enum RecordReadResult
{
    /// <summary>A record was read.</summary>
    Record,

    /// <summary>All records the batch declares were read and no bytes are left over.</summary>
    End,

    /// <summary>The records section is malformed or disagrees with the declared record count.</summary>
    Corrupt,
}
