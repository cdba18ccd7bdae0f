using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Transactions;

internal static partial class TransactionCoordinatorLog
{
    [LoggerMessage(1, LogLevel.Information, "Aborting transaction of {TransactionalId} (producer {ProducerId}) past its timeout; producer epoch fenced at {Epoch}")]
    public static partial void AbortingTimedOut(ILogger logger, string transactionalId, long producerId, short epoch);

    [LoggerMessage(2, LogLevel.Information, "Removed {Count} expired transactional ids from __transaction_state-{Partition}")]
    public static partial void ExpiredTransactionalIds(ILogger logger, int count, int partition);

    [LoggerMessage(3, LogLevel.Information, "Completing transaction of {TransactionalId} found in {State} while loading __transaction_state-{Partition}")]
    public static partial void ResumingCompletion(ILogger logger, string transactionalId, string state, int partition);

    [LoggerMessage(4, LogLevel.Warning, "Transaction marker of {TransactionalId} for {Topic}-{Partition} failed with {Error}; retrying")]
    public static partial void MarkerRetry(ILogger logger, string transactionalId, string topic, int partition, string error);

    [LoggerMessage(5, LogLevel.Warning, "Transaction marker of {TransactionalId} for {Topic}-{Partition} refused with {Error}; the partition has moved past this transaction")]
    public static partial void MarkerRefused(ILogger logger, string transactionalId, string topic, int partition, string error);

    [LoggerMessage(6, LogLevel.Warning, "Could not write the completion of {TransactionalId}'s transaction: {Error}; retrying")]
    public static partial void CompletionRetry(ILogger logger, string transactionalId, string error);

    [LoggerMessage(7, LogLevel.Error, "Loading __transaction_state-{Partition} failed; serving what was read")]
    public static partial void LoadFailed(ILogger logger, Exception exception, int partition);

    [LoggerMessage(8, LogLevel.Error, "The periodic pass to {Pass} failed")]
    public static partial void PassFailed(ILogger logger, Exception exception, string pass);

    [LoggerMessage(9, LogLevel.Warning, "Creating __transaction_state through the controller failed: {Error}; asking again at the next request")]
    public static partial void CreateTopicFailed(ILogger logger, string error);
}
