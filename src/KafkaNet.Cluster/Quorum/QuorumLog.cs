using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Quorum;

internal static partial class QuorumLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Metadata quorum node {NodeId} started on {EndPoint} with {VoterCount} voters")]
    public static partial void Started(ILogger logger, int nodeId, string endPoint, int voterCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Metadata quorum leader is now {LeaderId} in epoch {Epoch}")]
    public static partial void LeaderChanged(ILogger logger, int leaderId, long epoch);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "A metadata quorum leadership listener failed")]
    public static partial void ListenerFailed(ILogger logger, Exception exception);
}
