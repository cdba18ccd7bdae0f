using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Security;

/// <summary>What authentication reports; never a credential or token.</summary>
internal static partial class SaslLog
{
    [LoggerMessage(1, LogLevel.Debug, "Connection {ConnectionId} re-authenticated {Principal} with {Mechanism}; session lifetime {SessionLifetimeMs} ms")]
    public static partial void Reauthenticated(ILogger logger, string connectionId, string principal, string mechanism, long sessionLifetimeMs);
}
