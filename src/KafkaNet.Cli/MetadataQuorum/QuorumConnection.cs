using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cluster.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cli.MetadataQuorum;

/// <summary>
/// Speaks to the cluster for `kafkanet metadata-quorum`: to the first reachable --bootstrap-server (a broker, which
/// forwards to the active controller) or --bootstrap-controller (a controller listener, where voter changes and the
/// full quorum state come from the leader, found through DescribeQuorum).
/// </summary>
internal sealed class QuorumConnection : IAsyncDisposable
{
    private const string MetadataTopic = "__cluster_metadata";
    private const short DescribeQuorumVersion = 2;

    // A controller that has just joined, or lost its leader, names none until it hears from the next one.
    private static readonly TimeSpan LeaderWait = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan LeaderPoll = TimeSpan.FromMilliseconds(200);

    private readonly NodeClientOptions _clientOptions;
    private readonly IReadOnlyList<QuorumEndpoint> _bootstrap;
    private readonly bool _toControllers;
    private NodeClient? _client;

    public QuorumConnection(IReadOnlyList<QuorumEndpoint> bootstrap, bool toControllers, NodeClientSecurity? security = null)
    {
        // AddRaftVoter waits up to its own 30 s timeout for the new voter to catch up; the answer may come later still.
        _clientOptions = new NodeClientOptions { ClientId = "kafkanet-metadata-quorum", RequestTimeout = TimeSpan.FromSeconds(45), Security = security };
        _bootstrap = bootstrap;
        _toControllers = toControllers;
    }

    /// <exception cref="CommandFailedException">No answer, or an error answer.</exception>
    public async Task<string> ClusterIdAsync(CancellationToken cancellationToken)
    {
        var client = await BootstrapClientAsync(cancellationToken).ConfigureAwait(false);
        var response = await ProtocolRequests.SendAsync<DescribeClusterResponse>(client, new DescribeClusterRequest(), DescribeClusterRequest.ApiKey, 0, cancellationToken).ConfigureAwait(false);
        ProtocolRequests.ThrowOnError(response.ErrorCode, response.ErrorMessage);
        return response.ClusterId;
    }

    /// <summary>The quorum's state; through controllers, as the leader knows it (it alone knows its followers' progress).</summary>
    /// <exception cref="CommandFailedException">No answer, or an error answer.</exception>
    public async Task<QuorumState> DescribeAsync(CancellationToken cancellationToken)
    {
        var client = await BootstrapClientAsync(cancellationToken).ConfigureAwait(false);
        var state = _toControllers
            ? await FindLeaderAsync(client, cancellationToken).ConfigureAwait(false)
            : await DescribeAsync(client, cancellationToken).ConfigureAwait(false);
        if (!_toControllers || state.LeaderEndpoint is not { } leader || leader == Endpoint(client))
        {
            return state;
        }

        await using var leaderClient = Client(leader, state.Partition.LeaderId);
        try
        {
            return await DescribeAsync(leaderClient, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandFailedException)
        {
            // The leader is out of reach from here or has just stepped down: the first answer still describes the quorum.
            return state;
        }
    }

    /// <summary>
    /// Sends AddRaftVoter or RemoveRaftVoter. A controller that is not the leader answers NOT_LEADER_OR_FOLLOWER; the
    /// request then goes once more, to the leader it names.
    /// </summary>
    /// <exception cref="CommandFailedException">No answer, or an error answer.</exception>
    public async Task ChangeVotersAsync<TResponse>(IKafkaMessage request, short apiKey, short version, Func<TResponse, string?> errorMessage,
        CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>, IHasErrorCode
    {
        ArgumentNullException.ThrowIfNull(errorMessage);
        var client = await BootstrapClientAsync(cancellationToken).ConfigureAwait(false);
        var response = await ProtocolRequests.SendAsync<TResponse>(client, request, apiKey, version, cancellationToken).ConfigureAwait(false);
        if (_toControllers && response.ErrorCode == (short)ErrorCode.NotLeaderOrFollower
            && (await FindLeaderAsync(client, cancellationToken).ConfigureAwait(false)) is { LeaderEndpoint: { } leader } state)
        {
            await using var leaderClient = Client(leader, state.Partition.LeaderId);
            response = await ProtocolRequests.SendAsync<TResponse>(leaderClient, request, apiKey, version, cancellationToken).ConfigureAwait(false);
        }

        ProtocolRequests.ThrowOnError(response.ErrorCode, errorMessage(response));
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<QuorumState> DescribeAsync(NodeClient client, CancellationToken cancellationToken)
    {
        var request = new DescribeQuorumRequest();
        request.Topics.Add(new() { TopicName = MetadataTopic, Partitions = { new() { PartitionIndex = 0 } } });
        var response = await ProtocolRequests.SendAsync<DescribeQuorumResponse>(client, request, DescribeQuorumRequest.ApiKey, DescribeQuorumVersion, cancellationToken).ConfigureAwait(false);
        ProtocolRequests.ThrowOnError(response.ErrorCode, response.ErrorMessage);
        var partition = response.Topics.Where(t => t.TopicName == MetadataTopic).SelectMany(t => t.Partitions).FirstOrDefault(p => p.PartitionIndex == 0)
            ?? throw new CommandFailedException($"The answer to DescribeQuorum from {Endpoint(client)} does not describe {MetadataTopic}-0.");
        ProtocolRequests.ThrowOnError(partition.ErrorCode, partition.ErrorMessage);
        return new QuorumState(partition, response.Nodes);
    }

    /// <summary>The quorum as a controller describes it, once it names a leader (or as it last answered, after a while).</summary>
    private static async Task<QuorumState> FindLeaderAsync(NodeClient client, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var state = await DescribeAsync(client, cancellationToken).ConfigureAwait(false);
            if (state.LeaderEndpoint is not null || waited.Elapsed >= LeaderWait)
            {
                return state;
            }

            await Task.Delay(LeaderPoll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A client to the first bootstrap endpoint that accepts a connection.</summary>
    private async Task<NodeClient> BootstrapClientAsync(CancellationToken cancellationToken)
    {
        if (_client is not null)
        {
            return _client;
        }

        var failures = new List<string>();
        foreach (var endpoint in _bootstrap)
        {
            var client = Client(endpoint, -1);
            try
            {
                await ProtocolRequests.ApiVersionsAsync(client, cancellationToken).ConfigureAwait(false);
                _client = client;
                return client;
            }
            catch (CommandFailedException e)
            {
                failures.Add($"{endpoint}: {e.InnerException?.Message ?? e.Message}");
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }

        throw new CommandFailedException("Cannot reach the cluster: " + string.Join("; ", failures));
    }

    private NodeClient Client(QuorumEndpoint endpoint, int nodeId) => new(new NodeAddress(nodeId, endpoint.Host, endpoint.Port), _clientOptions);

    private static QuorumEndpoint Endpoint(NodeClient client) => new(client.Address.Host, client.Address.Port);
}
