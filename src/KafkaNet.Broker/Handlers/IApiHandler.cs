using KafkaNet.Protocol;

namespace KafkaNet.Broker.Handlers;

/// <summary>
/// Serves one API key. The version range is what the handler really implements; ApiVersions
/// advertises exactly these ranges and nothing else.
/// </summary>
public interface IApiHandler
{
    short ApiKey { get; }

    short LowestVersion { get; }

    short HighestVersion { get; }

    /// <summary>Returns the response, or null when the request gets none (acks=0 produce).</summary>
    ValueTask<IKafkaMessage?> HandleAsync(RequestContext context, IKafkaMessage request, CancellationToken cancellationToken);
}
