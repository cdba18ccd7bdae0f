using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.MetadataQuorum;
using KafkaNet.Cluster.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cli.Configs;

/// <summary>
/// A Kafka protocol connection of our own to the first --bootstrap-server that answers ApiVersions, for the requests
/// Confluent.Kafka cannot send: the brokers' cluster-wide default (resource name ""), broker loggers, and asking which
/// APIs the broker serves, secured as the --command-config file says.
/// </summary>
internal sealed class BootstrapConnection : IAsyncDisposable
{
    private readonly NodeClient _client;

    private BootstrapConnection(NodeClient client, IReadOnlySet<short> apiKeys)
    {
        _client = client;
        ApiKeys = apiKeys;
    }

    /// <summary>The API keys the broker serves.</summary>
    public IReadOnlySet<short> ApiKeys { get; }

    public string Broker => $"{_client.Address.Host}:{_client.Address.Port}";

    /// <exception cref="CommandFailedException">No bootstrap server answered.</exception>
    public static async Task<BootstrapConnection> OpenAsync(string bootstrapServers, CancellationToken cancellationToken, NodeClientSecurity? security = null)
    {
        var options = new NodeClientOptions { ClientId = "kafkanet-configs", RequestTimeout = TimeSpan.FromSeconds(30), Security = security };
        var failures = new List<string>();
        foreach (string server in bootstrapServers.Split(','))
        {
            var endpoint = QuorumEndpoint.Parse(server.Trim());
            var client = new NodeClient(new NodeAddress(-1, endpoint.Host, endpoint.Port), options);
            try
            {
                var response = await client.SendAsync<ApiVersionsResponse>(new ApiVersionsRequest(), ApiVersionsRequest.ApiKey, 0, cancellationToken).ConfigureAwait(false);
                return new BootstrapConnection(client, response.ApiKeys.Select(k => k.ApiKey).ToHashSet());
            }
            catch (Exception e) when (e is NodeUnreachableException or TimeoutException or KafkaProtocolException)
            {
                failures.Add($"{endpoint}: {e.Message}");
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }

        throw new CommandFailedException("Cannot reach the cluster: " + string.Join("; ", failures));
    }

    public async Task<TResponse> SendAsync<TResponse>(IKafkaMessage request, short apiKey, short version, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        try
        {
            return await _client.SendAsync<TResponse>(request, apiKey, version, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NodeUnreachableException or TimeoutException or KafkaProtocolException)
        {
            throw new CommandFailedException($"No answer from {Broker}: {e.Message}", e);
        }
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
