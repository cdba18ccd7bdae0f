using KafkaNet.Protocol;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Transactions;

/// <summary>What DescribeTransactions reports for one transactional id; only the error and the id when the error is set.</summary>
/// <param name="State">Kafka's name of the state ("Ongoing", "CompleteCommit"...).</param>
/// <param name="StartTimeMs">When the current transaction began; -1 without one.</param>
/// <param name="Partitions">The partitions of the current transaction, ordered by topic and partition.</param>
public sealed record TransactionDescription(
    ErrorCode Error,
    string TransactionalId,
    string State,
    int TimeoutMs,
    long StartTimeMs,
    long ProducerId,
    short ProducerEpoch,
    IReadOnlyList<TopicPartition> Partitions)
{
    public static TransactionDescription Failed(ErrorCode error, string transactionalId) => new(error, transactionalId, "", 0, -1, -1, -1, []);
}
