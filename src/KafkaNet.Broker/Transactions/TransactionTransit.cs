using KafkaNet.Storage;

namespace KafkaNet.Broker.Transactions;

/// <summary>
/// The state a transactional id is moving to: written to __transaction_state first, applied to its
/// <see cref="TransactionMetadata"/> once the write is durable (Kafka's TxnTransitMetadata).
/// </summary>
/// <param name="PreviousProducerId">The producer id before this transition.</param>
/// <param name="NextProducerId">With transaction version 2, the producer id the next transaction uses when the epoch ran out; -1 otherwise.</param>
/// <param name="ClientTransactionVersion">The client's transaction version (2 bumps the epoch at every EndTxn, KIP-890).</param>
internal sealed record TransactionTransit(
    long ProducerId,
    long PreviousProducerId,
    long NextProducerId,
    short ProducerEpoch,
    short LastProducerEpoch,
    int TimeoutMs,
    TransactionState State,
    IReadOnlySet<TopicPartition> Partitions,
    long StartTimestamp,
    long LastUpdateTimestamp,
    short ClientTransactionVersion);
