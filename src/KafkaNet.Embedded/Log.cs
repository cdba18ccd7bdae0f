using KafkaNet.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Embedded;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Fault {Kind} on {ApiKey} v{Version} (correlation id {CorrelationId}) on connection {ConnectionId}")]
    public static partial void Injecting(ILogger logger, FaultKind kind, ApiKeys apiKey, short version, int correlationId, string connectionId);
}
