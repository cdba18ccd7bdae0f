using Microsoft.Extensions.Logging;

namespace KafkaNet.Server;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "{Warning}")]
    public static partial void ConfigWarning(ILogger logger, string warning);

    [LoggerMessage(2, LogLevel.Information, "KafkaNet broker node.id={NodeId} cluster.id={ClusterId} listening on {Bound}, advertised as {Advertised}, data in {DataDirectory}")]
    public static partial void Started(ILogger logger, int nodeId, string clusterId, string bound, string advertised, string dataDirectory);

    [LoggerMessage(4, LogLevel.Information, "Metrics on {Endpoint}metrics, health on {Endpoint}health/live and {Endpoint}health/ready")]
    public static partial void MetricsListening(ILogger logger, Uri endpoint);

    [LoggerMessage(5, LogLevel.Information, "Web console on {Endpoint}console/")]
    public static partial void ConsoleListening(ILogger logger, Uri endpoint);

    [LoggerMessage(3, LogLevel.Information, "KafkaNet broker node.id={NodeId} stopped")]
    public static partial void Stopped(ILogger logger, int nodeId);

    [LoggerMessage(40, LogLevel.Information, "Listener {Listener} reloaded its TLS stores: new connections get {Subject} ({Thumbprint})")]
    public static partial void TlsReloaded(ILogger logger, string listener, string subject, string thumbprint);

    [LoggerMessage(41, LogLevel.Warning, "Listener {Listener} keeps its previous TLS certificate, the changed stores cannot be loaded: {Reason}")]
    public static partial void TlsReloadFailed(ILogger logger, string listener, string reason);
}
