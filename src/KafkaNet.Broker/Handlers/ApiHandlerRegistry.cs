using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

/// <summary>The handlers of a broker, indexed by API key.</summary>
public sealed class ApiHandlerRegistry
{
    private readonly IApiHandler?[] _byKey;

    public ApiHandlerRegistry(IEnumerable<IApiHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var list = handlers.OrderBy(h => h.ApiKey).ToList();
        _byKey = new IApiHandler?[list.Count == 0 ? 0 : list[^1].ApiKey + 1];
        foreach (var handler in list)
        {
            var descriptor = ApiTable.Find(handler.ApiKey)
                ?? throw new ArgumentException($"API key {handler.ApiKey} is not in protocol-spec");
            if (handler.LowestVersion < descriptor.LowestVersion || handler.HighestVersion > descriptor.HighestVersion
                || handler.LowestVersion > handler.HighestVersion)
            {
                throw new ArgumentException(
                    $"{descriptor.Name} handler claims versions {handler.LowestVersion}-{handler.HighestVersion}, the spec has {descriptor.LowestVersion}-{descriptor.HighestVersion}");
            }
            if (descriptor.LatestVersionUnstable && handler.HighestVersion == descriptor.HighestVersion)
            {
                throw new ArgumentException($"{descriptor.Name} v{descriptor.HighestVersion} is unstable and must not be advertised");
            }
            if (_byKey[handler.ApiKey] is not null)
            {
                throw new ArgumentException($"two handlers for {descriptor.Name}");
            }
            _byKey[handler.ApiKey] = handler;
        }
        Handlers = list;
    }

    /// <summary>Every handler in API key order, as ApiVersions lists them.</summary>
    public IReadOnlyList<IApiHandler> Handlers { get; }

    public IApiHandler? Find(short apiKey) => apiKey >= 0 && apiKey < _byKey.Length ? _byKey[apiKey] : null;
}
