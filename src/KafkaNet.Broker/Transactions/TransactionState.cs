namespace KafkaNet.Broker.Transactions;

/// <summary>
/// The state of a transactional id's transaction, with the ids Kafka writes to __transaction_state. The names are
/// the ones DescribeTransactions and ListTransactions report.
/// </summary>
public enum TransactionState : sbyte
{
    /// <summary>No transaction yet (after InitProducerId).</summary>
    Empty = 0,

    /// <summary>Partitions or offsets were added; EndTxn or a timeout ends it.</summary>
    Ongoing = 1,

    /// <summary>EndTxn(commit) is durable; markers are being written.</summary>
    PrepareCommit = 2,

    /// <summary>An abort is durable; markers are being written.</summary>
    PrepareAbort = 3,

    /// <summary>Every commit marker is written.</summary>
    CompleteCommit = 4,

    /// <summary>Every abort marker is written.</summary>
    CompleteAbort = 5,

    /// <summary>The transactional id is being removed after transactional.id.expiration.ms.</summary>
    Dead = 6,

    /// <summary>The producer epoch is being bumped to fence a producer before its transaction is aborted.</summary>
    PrepareEpochFence = 7,
}
