using KafkaNet.Broker.Handlers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Broker;

/// <summary>
/// One broker: its identity and its API handlers. Transport-free: the connection handler feeds
/// it frames from Kestrel, tests can feed it from in-memory pipes.
/// </summary>
public sealed class KafkaBroker
{
    public KafkaBroker(BrokerOptions options, IEnumerable<IApiHandler>? handlers = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        ClusterId = MetaProperties.LoadOrCreateClusterId(options.DataDirectory, options.NodeId, options.ClusterId);
        Handlers = new ApiHandlerRegistry(handlers ?? DefaultHandlers());
    }

    public BrokerOptions Options { get; }

    public string ClusterId { get; }

    public ApiHandlerRegistry Handlers { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The handlers this build implements.</summary>
    public static IEnumerable<IApiHandler> DefaultHandlers() =>
    [
        new MetadataHandler(),
        new ApiVersionsHandler(),
    ];
}
