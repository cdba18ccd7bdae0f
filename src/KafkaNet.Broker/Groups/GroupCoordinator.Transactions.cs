using KafkaNet.Protocol;

namespace KafkaNet.Broker.Groups;

/// <summary>Offsets committed inside transactions (TxnOffsetCommit), made visible or dropped by the transaction's marker.</summary>
public sealed partial class GroupCoordinator
{
    /// <summary>
    /// Writes the transaction marker of <paramref name="producerId"/> to partition <paramref name="offsetsPartition"/>
    /// of __consumer_offsets and applies it: on commit the producer's pending offsets there become committed, on abort
    /// they are dropped. Called by the transaction coordinator when a transaction that sent offsets ends.
    /// </summary>
    public Task<ErrorCode> CompleteTransactionAsync(int offsetsPartition, long producerId, short producerEpoch, int coordinatorEpoch, bool commit) =>
        Task.FromResult(ErrorCode.None); // CONTRACT: transactional offset commits implement this.
}
