using KafkaNet.Protocol;

namespace KafkaNet.Broker.Transactions;

/// <summary>Transactional ids, their producer ids and epochs, and the state of their transactions.</summary>
public sealed class TransactionCoordinator : IDisposable
{
    /// <summary>
    /// Whether a transactional produce from <paramref name="producerId"/> at <paramref name="producerEpoch"/> may append
    /// to the partition: the partition must be part of the producer's ongoing transaction (Kafka's verification,
    /// KIP-890). None when it may; otherwise Kafka's code (INVALID_TXN_STATE, INVALID_PRODUCER_EPOCH...).
    /// </summary>
    public ErrorCode VerifyTransactionalProduce(string? transactionalId, long producerId, short producerEpoch, string topic, int partition) =>
        ErrorCode.None; // CONTRACT: the coordinator implements verification.

    public void Dispose()
    {
    }
}
