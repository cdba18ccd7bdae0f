namespace KafkaNet.Protocol.Records;

/// <summary>The type in a control record's key (ControlRecordKey); only the transaction markers are used here.</summary>
public enum ControlRecordType : short
{
    /// <summary>End of an aborted transaction.</summary>
    Abort = 0,

    /// <summary>End of a committed transaction.</summary>
    Commit = 1,
}
