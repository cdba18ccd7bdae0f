using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Network;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Connection {ConnectionId} opened from {Remote}, frames received directly from the socket: {DirectReceive}")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId, string? remote, bool directReceive);

    [LoggerMessage(2, LogLevel.Debug, "Connection {ConnectionId} closed")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId);

    [LoggerMessage(3, LogLevel.Information, "Closing connection {ConnectionId}: {Reason}")]
    public static partial void ClosingConnection(ILogger logger, string connectionId, string reason);

    [LoggerMessage(4, LogLevel.Error, "Connection {ConnectionId} failed")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception, string connectionId);
}
