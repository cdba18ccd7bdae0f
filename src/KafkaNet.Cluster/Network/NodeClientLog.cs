using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Network;

internal static partial class NodeClientLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Connected to {Node}")]
    public static partial void Connected(ILogger logger, string node);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Connection to {Node} closed: {Reason}")]
    public static partial void Disconnected(ILogger logger, string node, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string reason);
}
