using System.Collections.Concurrent;
using KafkaNet.Broker.InterBroker;
using KafkaNet.Cluster.Network;
using KafkaNet.Protocol;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Node;

/// <summary>
/// Requests to other brokers on their inter-broker listener, one pipelined connection per broker; a broker
/// that registered again elsewhere gets a new connection.
/// </summary>
internal sealed class InterBrokerChannel(BrokerDirectory brokers, string clientId, NodeClientSecurity? security, ILoggerFactory loggerFactory)
    : IInterBrokerChannel, IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, NodeClient> _clients = new();

    public async Task<TResponse> SendAsync<TResponse>(int brokerId, IKafkaMessage request, short apiKey, short apiVersion,
        CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        var address = brokers.Resolve(brokerId)
            ?? throw new InvalidOperationException($"Broker {brokerId} is not registered.");
        var client = _clients.GetOrAdd(brokerId, _ => Connect(address));
        if (client.Address != address)
        {
            // Moved: the old connection goes, the next request uses the new address.
            if (_clients.TryRemove(new KeyValuePair<int, NodeClient>(brokerId, client)))
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
            client = _clients.GetOrAdd(brokerId, _ => Connect(address));
        }
        return await client.SendAsync<TResponse>(request, apiKey, apiVersion, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
        _clients.Clear();
    }

    private NodeClient Connect(NodeAddress address) =>
        new(address, new NodeClientOptions { ClientId = clientId, Security = security }, loggerFactory);
}
