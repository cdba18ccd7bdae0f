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

    [LoggerMessage(5, LogLevel.Information, "Rejected connection from {Address}, address already has the configured maximum of {Limit} connections.")]
    public static partial void RejectedConnection(ILogger logger, string address, int limit);

    [LoggerMessage(6, LogLevel.Debug, "Closing idle connection {ConnectionId}: nothing received or in flight for {IdleMs} ms (connections.max.idle.ms)")]
    public static partial void ClosingIdleConnection(ILogger logger, string connectionId, long idleMs);

    [LoggerMessage(7, LogLevel.Warning, "Dynamic connection limits not applied, the previous ones stay: {Reason}")]
    public static partial void ConnectionLimitsNotApplied(ILogger logger, string reason);

    [LoggerMessage(30, LogLevel.Information, "Closing connection from {Address} after {ThrottleMs} ms: its connection_creation_rate quota is exceeded")]
    public static partial void ThrottledConnection(ILogger logger, string address, int throttleMs);

    [LoggerMessage(40, LogLevel.Debug, "Connection {ConnectionId} from {Remote} has principal {Principal} from its TLS client certificate")]
    public static partial void TlsPrincipal(ILogger logger, string connectionId, string? remote, string principal);
}
