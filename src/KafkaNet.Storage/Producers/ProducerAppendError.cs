namespace KafkaNet.Storage.Producers;

/// <summary>Why the producer state refused a batch; the broker maps each to Kafka's error code.</summary>
public enum ProducerAppendError
{
    /// <summary>The batch's producer epoch is older than the one this partition has seen (INVALID_PRODUCER_EPOCH).</summary>
    InvalidProducerEpoch,

    /// <summary>The batch's first sequence does not follow the last one written (OUT_OF_ORDER_SEQUENCE_NUMBER).</summary>
    OutOfOrderSequence,

    /// <summary>This partition has no state for the producer and the batch does not start a sequence (UNKNOWN_PRODUCER_ID).</summary>
    UnknownProducerId,

    /// <summary>A transactional batch from a producer whose transaction state does not allow it (INVALID_TXN_STATE).</summary>
    InvalidTxnState,

    /// <summary>A transaction marker from a coordinator epoch older than the last one seen (TRANSACTION_COORDINATOR_FENCED).</summary>
    TransactionCoordinatorFenced,
}
