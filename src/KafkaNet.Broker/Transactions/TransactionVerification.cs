using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Transactions;

/// <summary>
/// KIP-890's check that a transactional batch's partition was added to its transaction. The partition's
/// leader asks the transaction's coordinator: itself, or in a cluster the broker leading the transactional
/// id's partition, with a verify-only AddPartitionsToTxn (v4), as Kafka's leaders do.
/// </summary>
public static class TransactionVerification
{
    private const short VerifyOnlyVersion = 4;

    public static ValueTask<ErrorCode> VerifyAsync(KafkaBroker broker, string? transactionalId, long producerId, short producerEpoch,
        string topic, int partition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var coordinator = broker.Transactions;
        if (coordinator.Options.TransactionPartitionVerificationEnable
            && !string.IsNullOrEmpty(transactionalId)
            && broker.Cluster.FollowsImage
            && broker.InterBroker is not null
            && coordinator.EnsureCoordinator(transactionalId, out int leaderId) == ErrorCode.None
            && leaderId != broker.Options.NodeId)
        {
            return VerifyRemotelyAsync(broker, leaderId, transactionalId, producerId, producerEpoch, topic, partition, cancellationToken);
        }
        return ValueTask.FromResult(coordinator.VerifyTransactionalProduce(transactionalId, producerId, producerEpoch, topic, partition));
    }

    private static async ValueTask<ErrorCode> VerifyRemotelyAsync(KafkaBroker broker, int coordinatorId, string transactionalId,
        long producerId, short producerEpoch, string topic, int partition, CancellationToken cancellationToken)
    {
        var request = new AddPartitionsToTxnRequest();
        request.Transactions.Add(new AddPartitionsToTxnRequest.AddPartitionsToTxnTransaction
        {
            TransactionalId = transactionalId,
            ProducerId = producerId,
            ProducerEpoch = producerEpoch,
            VerifyOnly = true,
            Topics = { new AddPartitionsToTxnRequest.AddPartitionsToTxnTopic { Name = topic, Partitions = { partition } } },
        });
        AddPartitionsToTxnResponse response;
        try
        {
            response = await broker.InterBroker!.SendAsync<AddPartitionsToTxnResponse>(coordinatorId, request,
                AddPartitionsToTxnRequest.ApiKey, VerifyOnlyVersion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Unreachable or moved coordinator: a retriable answer, mapped for the client's produce version.
            return ErrorCode.CoordinatorNotAvailable;
        }
        if ((ErrorCode)response.ErrorCode != ErrorCode.None)
        {
            return (ErrorCode)response.ErrorCode;
        }
        foreach (var result in response.ResultsByTransaction)
        {
            foreach (var topicResult in result.TopicResults)
            {
                foreach (var partitionResult in topicResult.ResultsByPartition)
                {
                    if (topicResult.Name == topic && partitionResult.PartitionIndex == partition)
                    {
                        return (ErrorCode)partitionResult.PartitionErrorCode;
                    }
                }
            }
        }
        return ErrorCode.InvalidTxnState;
    }
}
