using System.Collections.Concurrent;
using KafkaNet.Broker;
using KafkaNet.Broker.Controller;
using KafkaNet.Cluster.Controller;
using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Node;

/// <summary>
/// The broker's way to the active controller: the local controller when this node's quorum leads,
/// otherwise the leader voter's controller listener. While no controller is known, or the one asked
/// answers NOT_CONTROLLER or cannot be reached, it waits for a leader and retries until its deadline.
/// </summary>
public sealed class ControllerChannel : IControllerChannel, IAsyncDisposable
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    private readonly MetadataQuorum _quorum;
    private readonly QuorumController _controller;
    private readonly IReadOnlyList<ControllerQuorumVoter> _voters;
    private readonly TimeSpan _deadline;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ConcurrentDictionary<int, NodeClient> _clients = new();

    public ControllerChannel(MetadataQuorum quorum, QuorumController controller, IReadOnlyList<ControllerQuorumVoter> voters,
        TimeSpan deadline, ILoggerFactory? loggerFactory = null)
    {
        _quorum = quorum ?? throw new ArgumentNullException(nameof(quorum));
        _controller = controller ?? throw new ArgumentNullException(nameof(controller));
        _voters = voters ?? throw new ArgumentNullException(nameof(voters));
        _deadline = deadline;
        _loggerFactory = loggerFactory;
    }

    public async Task<TResponse> SendAsync<TResponse>(IKafkaMessage request, short apiKey, short apiVersion, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_deadline);
        while (true)
        {
            try
            {
                var response = await TrySendAsync<TResponse>(request, apiKey, apiVersion, deadline.Token).ConfigureAwait(false);
                if (response is not null && !ControllerErrors.SaysNotController(response))
                {
                    return response;
                }
            }
            catch (Exception e) when (e is NodeUnreachableException or TimeoutException or NotControllerException && !deadline.IsCancellationRequested)
            {
                // The controller moved or is gone: ask again once a leader is known.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No active controller answered within {_deadline}.");
            }
            try
            {
                await Task.Delay(RetryPause, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No active controller answered within {_deadline}.");
            }
        }
    }

    // null: no leader known yet.
    private async Task<TResponse?> TrySendAsync<TResponse>(IKafkaMessage request, short apiKey, short apiVersion, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        if (_quorum.IsLeader)
        {
            return (TResponse)await LocalAsync(request, apiKey, apiVersion, cancellationToken).ConfigureAwait(false);
        }
        if (_quorum.LeaderId is not { } leader || leader == _quorum.NodeId
            || _voters.FirstOrDefault(v => v.NodeId == leader) is not { } voter)
        {
            return null;
        }
        var client = _clients.GetOrAdd(leader, id => new NodeClient(new NodeAddress(id, voter.Host, voter.Port),
            new NodeClientOptions { ClientId = $"broker-{_quorum.NodeId}-controller", ConnectTimeout = TimeSpan.FromSeconds(2) }, _loggerFactory));
        return await client.SendAsync<TResponse>(request, apiKey, apiVersion, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IKafkaMessage> LocalAsync(IKafkaMessage request, short apiKey, short version, CancellationToken cancellationToken) => apiKey switch
    {
        CreateTopicsRequest.ApiKey => await _controller.CreateTopicsAsync((CreateTopicsRequest)request, version, cancellationToken).ConfigureAwait(false),
        DeleteTopicsRequest.ApiKey => await _controller.DeleteTopicsAsync((DeleteTopicsRequest)request, version, cancellationToken).ConfigureAwait(false),
        CreatePartitionsRequest.ApiKey => await _controller.CreatePartitionsAsync((CreatePartitionsRequest)request, version, cancellationToken).ConfigureAwait(false),
        AlterConfigsRequest.ApiKey => await _controller.AlterConfigsAsync((AlterConfigsRequest)request, version, cancellationToken).ConfigureAwait(false),
        IncrementalAlterConfigsRequest.ApiKey => await _controller.IncrementalAlterConfigsAsync((IncrementalAlterConfigsRequest)request, version, cancellationToken).ConfigureAwait(false),
        ElectLeadersRequest.ApiKey => await _controller.ElectLeadersAsync((ElectLeadersRequest)request, version, cancellationToken).ConfigureAwait(false),
        AlterPartitionReassignmentsRequest.ApiKey => await _controller.AlterPartitionReassignmentsAsync((AlterPartitionReassignmentsRequest)request, version, cancellationToken).ConfigureAwait(false),
        ListPartitionReassignmentsRequest.ApiKey => await _controller.ListPartitionReassignmentsAsync((ListPartitionReassignmentsRequest)request, version, cancellationToken).ConfigureAwait(false),
        BrokerRegistrationRequest.ApiKey => await _controller.BrokerRegistrationAsync((BrokerRegistrationRequest)request, version, cancellationToken).ConfigureAwait(false),
        BrokerHeartbeatRequest.ApiKey => await _controller.BrokerHeartbeatAsync((BrokerHeartbeatRequest)request, version, cancellationToken).ConfigureAwait(false),
        AlterPartitionRequest.ApiKey => await _controller.AlterPartitionAsync((AlterPartitionRequest)request, version, cancellationToken).ConfigureAwait(false),
        AllocateProducerIdsRequest.ApiKey => await _controller.AllocateProducerIdsAsync((AllocateProducerIdsRequest)request, version, cancellationToken).ConfigureAwait(false),
        _ => throw new ArgumentOutOfRangeException(nameof(apiKey), apiKey, "Not an API the controller answers."),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
        _clients.Clear();
    }
}
