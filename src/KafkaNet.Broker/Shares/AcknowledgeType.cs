namespace KafkaNet.Broker.Shares;

/// <summary>The acknowledgement types of ShareFetch and ShareAcknowledge, numbered as on the wire.</summary>
public enum AcknowledgeType : byte
{
    /// <summary>The offset holds no record (compacted away or a transaction marker); it becomes Archived, unreported.</summary>
    Gap = 0,

    /// <summary>The record was processed; it becomes Acknowledged.</summary>
    Accept = 1,

    /// <summary>The record is given back for redelivery; it becomes Available, or Archived at the delivery limit.</summary>
    Release = 2,

    /// <summary>The record cannot be processed; it becomes Archived.</summary>
    Reject = 3,

    /// <summary>The member needs more time; the record stays Acquired with a fresh lock.</summary>
    Renew = 4,
}
