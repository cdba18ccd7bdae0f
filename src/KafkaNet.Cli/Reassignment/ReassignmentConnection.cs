using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.MetadataQuorum;
using KafkaNet.Cluster.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cli.Reassignment;

/// <summary>
/// AlterPartitionReassignments and ListPartitionReassignments (KIP-455), which Confluent.Kafka's admin client lacks,
/// sent with our own protocol client to the first --bootstrap-server that answers; a broker forwards them to the
/// active controller, in Kafka as here.
/// </summary>
internal sealed class ReassignmentConnection : IAsyncDisposable
{
    private readonly NodeClientOptions _clientOptions;
    private readonly IReadOnlyList<QuorumEndpoint> _bootstrap;
    private NodeClient? _client;

    public ReassignmentConnection(string bootstrapServers, IReadOnlyDictionary<string, string> properties)
    {
        _clientOptions = new() { ClientId = "reassign-partitions-tool", RequestTimeout = TimeSpan.FromSeconds(30), Security = ClientSecurity.Read(properties) };
        _bootstrap = [.. bootstrapServers.Split(',').Select(QuorumEndpoint.Parse)];
    }

    /// <summary>Every ongoing reassignment, or those of the partitions given.</summary>
    public async Task<IReadOnlyList<OngoingReassignment>> ListAsync(IEnumerable<PartitionReplicas>? partitions, CancellationToken cancellationToken)
    {
        var request = new ListPartitionReassignmentsRequest
        {
            Topics = partitions?.GroupBy(p => p.Topic).Select(t => new ListPartitionReassignmentsRequest.ListPartitionReassignmentsTopics
            {
                Name = t.Key,
                PartitionIndexes = [.. t.Select(p => p.Partition)],
            }).ToList(),
        };
        var response = await SendAsync<ListPartitionReassignmentsResponse>(request, ListPartitionReassignmentsRequest.ApiKey, cancellationToken).ConfigureAwait(false);
        ProtocolRequests.ThrowOnError(response.ErrorCode, response.ErrorMessage);
        return [.. response.Topics.SelectMany(t => t.Partitions.Select(p =>
            new OngoingReassignment(new PartitionReplicas(t.Name, p.PartitionIndex, p.Replicas), p.AddingReplicas, p.RemovingReplicas)))];
    }

    /// <summary>
    /// Starts moving each partition to its replicas, or with <paramref name="cancel"/> reverts each one's ongoing
    /// reassignment. Returns the partitions refused, with Kafka's error name and the controller's reason.
    /// </summary>
    public async Task<IReadOnlyList<(PartitionReplicas Partition, string Reason)>> AlterAsync(IReadOnlyCollection<PartitionReplicas> partitions, bool cancel,
        CancellationToken cancellationToken)
    {
        var request = new AlterPartitionReassignmentsRequest
        {
            Topics = [.. partitions.GroupBy(p => p.Topic).Select(t => new AlterPartitionReassignmentsRequest.ReassignableTopic
            {
                Name = t.Key,
                Partitions = [.. t.Select(p => new AlterPartitionReassignmentsRequest.ReassignablePartition
                {
                    PartitionIndex = p.Partition,
                    Replicas = cancel ? null : [.. p.Replicas],
                })],
            })],
        };
        var response = await SendAsync<AlterPartitionReassignmentsResponse>(request, AlterPartitionReassignmentsRequest.ApiKey, cancellationToken).ConfigureAwait(false);
        ProtocolRequests.ThrowOnError(response.ErrorCode, response.ErrorMessage);
        var byKey = partitions.ToDictionary(p => p.Key);
        return [.. response.Responses.SelectMany(t => t.Partitions
            .Where(p => p.ErrorCode != (short)ErrorCode.None)
            .Select(p => (byKey.GetValueOrDefault((t.Name, p.PartitionIndex)) ?? new PartitionReplicas(t.Name, p.PartitionIndex, []),
                ProtocolRequests.ErrorText(p.ErrorCode, p.ErrorMessage))))];
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Version 0 of both requests: every broker that serves them serves it.</summary>
    private async Task<TResponse> SendAsync<TResponse>(IKafkaMessage request, short apiKey, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        if (_client is not null)
        {
            try
            {
                return await _client.SendAsync<TResponse>(request, apiKey, 0, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NodeUnreachableException or TimeoutException or KafkaProtocolException)
            {
                throw new CommandFailedException($"No answer from {_client.Address.Host}:{_client.Address.Port}: {e.Message}", e);
            }
        }

        var failures = new List<string>();

        foreach (var endpoint in _bootstrap)
        {
            var client = new NodeClient(new NodeAddress(-1, endpoint.Host, endpoint.Port), _clientOptions);
            try
            {
                var response = await client.SendAsync<TResponse>(request, apiKey, 0, cancellationToken).ConfigureAwait(false);
                _client = client;
                return response;
            }
            catch (Exception e) when (e is NodeUnreachableException or TimeoutException or KafkaProtocolException)
            {
                failures.Add($"{endpoint}: {e.Message}");
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }

        throw new CommandFailedException("Cannot reach the cluster: " + string.Join("; ", failures));
    }
}
