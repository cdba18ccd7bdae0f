namespace KafkaNet.Protocol.Records;

/// <summary>Meaning of record timestamps in a batch (attribute bit 3).</summary>
public enum TimestampType
{
    /// <summary>Timestamps were set by the producer.</summary>
    CreateTime = 0,

    /// <summary>The broker stamped the batch; every record's timestamp is the batch's max timestamp.</summary>
    LogAppendTime = 1,
}
