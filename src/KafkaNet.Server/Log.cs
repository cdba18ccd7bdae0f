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
}
