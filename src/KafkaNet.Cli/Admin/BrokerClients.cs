using Confluent.Kafka;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Output;
using KafkaNet.Cluster.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cli.Admin;

/// <summary>
/// The cluster as the commands that speak the protocol themselves see it: its brokers, topics and partition leaders
/// from Confluent.Kafka's metadata, and a client to each broker, opened on first use, for the requests Confluent's
/// admin client does not send.
/// </summary>
internal sealed class BrokerClients : IAsyncDisposable
{
    private readonly NodeClientOptions _options;
    private readonly Dictionary<int, BrokerMetadata> _brokers;
    private readonly Dictionary<int, (NodeClient Client, ApiVersionsResponse Versions)> _open = [];

    private BrokerClients(Metadata metadata, string clientId, NodeClientSecurity? security)
    {
        Metadata = metadata;
        _brokers = metadata.Brokers.ToDictionary(b => b.BrokerId);
        _options = new NodeClientOptions { ClientId = clientId, RequestTimeout = AdminClient.Timeout, Security = security };
    }

    public Metadata Metadata { get; }

    /// <summary>The cluster's broker ids, lowest first.</summary>
    public IReadOnlyList<int> BrokerIds => [.. _brokers.Keys.Order()];

    /// <summary>Reads the cluster's metadata through Confluent.Kafka with the command's client properties.</summary>
    /// <exception cref="CommandFailedException">The security settings cannot be used, or the cluster does not answer.</exception>
    public static BrokerClients Connect(Dictionary<string, string> properties, string command)
    {
        var security = ClientSecurity.Read(properties);
        properties.TryAdd("client.id", $"kafkanet-{command}");
        try
        {
            using var admin = AdminClient.Build(properties);
            return new BrokerClients(admin.GetMetadata(AdminClient.Timeout), properties["client.id"], security);
        }
        catch (KafkaException e)
        {
            throw new CommandFailedException(KafkaErrorText.Describe(e.Error), e);
        }
    }

    public bool Has(int brokerId) => _brokers.ContainsKey(brokerId);

    /// <summary>The highest version of a request both the broker and this tool speak.</summary>
    /// <exception cref="CommandFailedException">No such broker, no answer, or no common version.</exception>
    public async Task<short> VersionAsync(int brokerId, short apiKey, short lowest, short highest, string requestName, CancellationToken cancellationToken)
    {
        var (_, versions) = await OpenAsync(brokerId, cancellationToken).ConfigureAwait(false);
        return ProtocolRequests.Version(versions, apiKey, lowest, highest, requestName);
    }

    /// <exception cref="CommandFailedException">No such broker, or no answer.</exception>
    public async Task<TResponse> SendAsync<TResponse>(int brokerId, IKafkaMessage request, short apiKey, short version, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        var (client, _) = await OpenAsync(brokerId, cancellationToken).ConfigureAwait(false);
        return await ProtocolRequests.SendAsync<TResponse>(client, request, apiKey, version, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (client, _) in _open.Values)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<(NodeClient Client, ApiVersionsResponse Versions)> OpenAsync(int brokerId, CancellationToken cancellationToken)
    {
        if (_open.TryGetValue(brokerId, out var open))
        {
            return open;
        }

        var broker = _brokers.GetValueOrDefault(brokerId)
            ?? throw new CommandFailedException($"Broker {brokerId} is not in the cluster (brokers {string.Join(",", BrokerIds)}).");
        var client = new NodeClient(new NodeAddress(brokerId, broker.Host, broker.Port), _options);
        try
        {
            open = (client, await ProtocolRequests.ApiVersionsAsync(client, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _open[brokerId] = open;
        return open;
    }
}
