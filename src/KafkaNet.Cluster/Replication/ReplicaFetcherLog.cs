using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Replication;

internal static partial class ReplicaFetcherLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Fetch from leader {Leader} failed: {Reason}; retrying after backoff")]
    public static partial void FetchFailed(ILogger logger, int leader, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Replication of {Topic}-{Partition} from leader {Leader} stopped: {Reason}")]
    public static partial void PartitionFailed(ILogger logger, string topic, int partition, int leader, string reason, Exception? exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Truncating {Topic}-{Partition} to offset {Offset}: {Reason}")]
    public static partial void Truncating(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Fetch of {Topic}-{Partition} from leader {Leader} answered {Error}: {Action}")]
    public static partial void PartitionError(ILogger logger, string topic, int partition, int leader, string error, string action);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Restarting {Topic}-{Partition} empty at the leader's log start offset {Offset}")]
    public static partial void StartingAt(ILogger logger, string topic, int partition, long offset);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "A handler of appends to {Topic}-{Partition} failed")]
    public static partial void SubscriberFailed(ILogger logger, string topic, int partition, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "A metadata update has waited {Seconds}s for a fetch response to {Topic}-{Partition} to be applied")]
    public static partial void SlowResponseApply(ILogger logger, string topic, int partition, double seconds);
}
