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
/// otherwise the active controller's controller listener as the locator knows it. While no controller is known,
/// or the one asked answers NOT_CONTROLLER or cannot be reached, it waits for a leader and retries until its deadline.
/// </summary>
public sealed class ControllerChannel : IControllerChannel, IAsyncDisposable
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    private readonly IControllerLocator _locator;
    private readonly QuorumController? _controller;
    private readonly int _nodeId;
    private readonly TimeSpan _deadline;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ConcurrentDictionary<(string Host, int Port), NodeClient> _clients = new();

    /// <summary>The controller listener's TLS and SASL; null connects in PLAINTEXT.</summary>
    public NodeClientSecurity? Security { get; init; }

    /// <param name="controller">This node's controller, or null on a node with only the broker role.</param>
    public ControllerChannel(IControllerLocator locator, QuorumController? controller, int nodeId, TimeSpan deadline, ILoggerFactory? loggerFactory = null)
    {
        _locator = locator ?? throw new ArgumentNullException(nameof(locator));
        _controller = controller;
        _nodeId = nodeId;
        _deadline = deadline;
        _loggerFactory = loggerFactory;
    }

    /// <summary>True while this node's own controller leads the quorum: requests are served here, not sent.</summary>
    public bool IsLocal => _controller is not null && _locator.IsLocalLeader;

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
        if (_controller is { } local && _locator.IsLocalLeader)
        {
            return (TResponse)await LocalAsync(local, request, apiKey, apiVersion, cancellationToken).ConfigureAwait(false);
        }
        if (_locator.ActiveController is not { } leader)
        {
            return null;
        }
        var client = _clients.GetOrAdd((leader.Host, leader.Port), _ => new NodeClient(leader,
            new NodeClientOptions { ClientId = $"broker-{_nodeId}-controller", ConnectTimeout = TimeSpan.FromSeconds(2), Security = Security }, _loggerFactory));
        try
        {
            var response = await client.SendAsync<TResponse>(request, apiKey, apiVersion, cancellationToken).ConfigureAwait(false);
            if (ControllerErrors.SaysNotController(response))
            {
                _locator.Forget(leader);
            }
            return response;
        }
        catch (Exception e) when (e is NodeUnreachableException or TimeoutException)
        {
            _locator.Forget(leader);
            throw;
        }
    }

    private static async Task<IKafkaMessage> LocalAsync(QuorumController controller, IKafkaMessage request, short apiKey, short version, CancellationToken cancellationToken) => apiKey switch
    {
        CreateTopicsRequest.ApiKey => await controller.CreateTopicsAsync((CreateTopicsRequest)request, version, cancellationToken).ConfigureAwait(false),
        DeleteTopicsRequest.ApiKey => await controller.DeleteTopicsAsync((DeleteTopicsRequest)request, version, cancellationToken).ConfigureAwait(false),
        CreatePartitionsRequest.ApiKey => await controller.CreatePartitionsAsync((CreatePartitionsRequest)request, version, cancellationToken).ConfigureAwait(false),
        AlterConfigsRequest.ApiKey => await controller.AlterConfigsAsync((AlterConfigsRequest)request, version, cancellationToken).ConfigureAwait(false),
        IncrementalAlterConfigsRequest.ApiKey => await controller.IncrementalAlterConfigsAsync((IncrementalAlterConfigsRequest)request, version, cancellationToken).ConfigureAwait(false),
        AlterClientQuotasRequest.ApiKey => await controller.AlterClientQuotasAsync((AlterClientQuotasRequest)request, version, cancellationToken).ConfigureAwait(false),
        AlterUserScramCredentialsRequest.ApiKey => await controller.AlterUserScramCredentialsAsync((AlterUserScramCredentialsRequest)request, version, cancellationToken).ConfigureAwait(false),
        ElectLeadersRequest.ApiKey => await controller.ElectLeadersAsync((ElectLeadersRequest)request, version, cancellationToken).ConfigureAwait(false),
        AlterPartitionReassignmentsRequest.ApiKey => await controller.AlterPartitionReassignmentsAsync((AlterPartitionReassignmentsRequest)request, version, cancellationToken).ConfigureAwait(false),
        ListPartitionReassignmentsRequest.ApiKey => await controller.ListPartitionReassignmentsAsync((ListPartitionReassignmentsRequest)request, version, cancellationToken).ConfigureAwait(false),
        BrokerRegistrationRequest.ApiKey => await controller.BrokerRegistrationAsync((BrokerRegistrationRequest)request, version, cancellationToken).ConfigureAwait(false),
        BrokerHeartbeatRequest.ApiKey => await controller.BrokerHeartbeatAsync((BrokerHeartbeatRequest)request, version, cancellationToken).ConfigureAwait(false),
        // Sent for another controller that has since stepped down in favour of this one: served as it stands.
        EnvelopeRequest.ApiKey => await LocalEnvelopeAsync(controller, (EnvelopeRequest)request, cancellationToken).ConfigureAwait(false),
        AlterPartitionRequest.ApiKey => await controller.AlterPartitionAsync((AlterPartitionRequest)request, version, cancellationToken).ConfigureAwait(false),
        AllocateProducerIdsRequest.ApiKey => await controller.AllocateProducerIdsAsync((AllocateProducerIdsRequest)request, version, cancellationToken).ConfigureAwait(false),
        AddRaftVoterRequest.ApiKey => await controller.AddRaftVoterAsync((AddRaftVoterRequest)request, version, cancellationToken).ConfigureAwait(false),
        RemoveRaftVoterRequest.ApiKey => await controller.RemoveRaftVoterAsync((RemoveRaftVoterRequest)request, version, cancellationToken).ConfigureAwait(false),
        CreateAclsRequest.ApiKey => await controller.CreateAclsAsync((CreateAclsRequest)request, version, cancellationToken).ConfigureAwait(false),
        DeleteAclsRequest.ApiKey => await controller.DeleteAclsAsync((DeleteAclsRequest)request, version, cancellationToken).ConfigureAwait(false),
        _ => throw new ArgumentOutOfRangeException(nameof(apiKey), apiKey, "Not an API the controller answers."),
    };

    private static async Task<EnvelopeResponse> LocalEnvelopeAsync(QuorumController controller, EnvelopeRequest envelope, CancellationToken cancellationToken)
    {
        var forwarded = ForwardedRequest.Unwrap(envelope);
        var response = await LocalAsync(controller, forwarded.Body, forwarded.Header.RequestApiKey, forwarded.Header.RequestApiVersion, cancellationToken).ConfigureAwait(false);
        return forwarded.Answer(response);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
        _clients.Clear();
    }
}
