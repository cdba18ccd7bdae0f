using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using ProducerState = KafkaNet.Protocol.Messages.DescribeProducersResponse.ProducerState;
using TransactionDescription = KafkaNet.Protocol.Messages.DescribeTransactionsResponse.TransactionStateData;

namespace KafkaNet.Cli.Transactions;

/// <summary>One transaction as ListTransactions names it, with the broker that coordinates it.</summary>
internal sealed record TransactionListing(string TransactionalId, int Coordinator, long ProducerId, string State);

/// <summary>A partition's producers, as DescribeProducers answered for it.</summary>
internal sealed record PartitionProducers(string Topic, int Partition, IReadOnlyList<ProducerState> Producers);

/// <summary>
/// The transaction requests of `kafkanet transactions`, sent with our protocol types (Confluent.Kafka's admin client
/// has none of them) to the brokers Kafka's admin client would send them to.
/// </summary>
internal sealed class TransactionsAdmin : IAsyncDisposable
{
    private const sbyte TransactionKeyType = 1;
    private const int CoordinatorAttempts = 10;
    private static readonly TimeSpan CoordinatorRetry = TimeSpan.FromMilliseconds(500);

    private readonly BrokerClients _cluster;

    public TransactionsAdmin(BrokerClients cluster)
    {
        _cluster = cluster;
    }

    public BrokerClients Cluster => _cluster;

    /// <summary>ListTransactions to every broker (each lists the transactions it coordinates).</summary>
    /// <param name="durationFilterMs">Negative: no filter; otherwise needs ListTransactions v1.</param>
    /// <param name="transactionalIdPattern">Null: no filter; otherwise needs ListTransactions v2.</param>
    public async Task<List<TransactionListing>> ListAsync(IReadOnlyList<long> producerIds, long durationFilterMs, string? transactionalIdPattern,
        CancellationToken cancellationToken)
    {
        short lowest = (short)(transactionalIdPattern is not null ? 2 : durationFilterMs >= 0 ? 1 : 0);
        var listings = new List<TransactionListing>();
        foreach (int broker in _cluster.BrokerIds)
        {
            short version = await _cluster.VersionAsync(broker, ListTransactionsRequest.ApiKey, lowest, 2, "ListTransactions", cancellationToken).ConfigureAwait(false);
            var request = new ListTransactionsRequest
            {
                ProducerIdFilters = [.. producerIds],
                DurationFilter = durationFilterMs,
                TransactionalIdPattern = transactionalIdPattern,
            };
            var response = await _cluster.SendAsync<ListTransactionsResponse>(broker, request, ListTransactionsRequest.ApiKey, version, cancellationToken).ConfigureAwait(false);
            ProtocolRequests.ThrowOnError(response.ErrorCode, $"Failed to list transactions on broker {broker}");
            listings.AddRange(response.TransactionStates.Select(t => new TransactionListing(t.TransactionalId, broker, t.ProducerId, t.TransactionState)));
        }

        return listings;
    }

    /// <summary>The coordinator of a transactional id (FindCoordinator) and its description of the transaction.</summary>
    /// <exception cref="CommandFailedException">TRANSACTIONAL_ID_NOT_FOUND, or another error.</exception>
    public async Task<(int Coordinator, TransactionDescription Description)> DescribeAsync(string transactionalId, CancellationToken cancellationToken)
    {
        int coordinator = await CoordinatorAsync(transactionalId, cancellationToken).ConfigureAwait(false);
        var request = new DescribeTransactionsRequest { TransactionalIds = [transactionalId] };
        var response = await _cluster.SendAsync<DescribeTransactionsResponse>(coordinator, request, DescribeTransactionsRequest.ApiKey, 0, cancellationToken).ConfigureAwait(false);
        var description = response.TransactionStates.FirstOrDefault(t => t.TransactionalId == transactionalId)
            ?? throw new CommandFailedException($"The answer to DescribeTransactions from broker {coordinator} does not describe {transactionalId}.");
        ProtocolRequests.ThrowOnError(description.ErrorCode, $"Failed to describe transaction state of transactional-id `{transactionalId}`");
        return (coordinator, description);
    }

    /// <summary>DescribeProducers for partitions, to one broker (--broker-id) or to each partition's leader.</summary>
    /// <exception cref="CommandFailedException">A partition without a leader, or an error for a partition.</exception>
    public async Task<List<PartitionProducers>> DescribeProducersAsync(IReadOnlyList<(string Topic, int Partition)> partitions, int? brokerId,
        CancellationToken cancellationToken)
    {
        var described = new List<PartitionProducers>();
        foreach (var byBroker in partitions.GroupBy(p => brokerId ?? Leader(p.Topic, p.Partition)))
        {
            var request = new DescribeProducersRequest();
            foreach (var topic in byBroker.GroupBy(p => p.Topic, StringComparer.Ordinal))
            {
                request.Topics.Add(new() { Name = topic.Key, PartitionIndexes = [.. topic.Select(p => p.Partition)] });
            }

            var response = await _cluster.SendAsync<DescribeProducersResponse>(byBroker.Key, request, DescribeProducersRequest.ApiKey, 0, cancellationToken).ConfigureAwait(false);
            foreach (var topic in response.Topics)
            {
                foreach (var partition in topic.Partitions)
                {
                    string where = brokerId is null ? "leader" : $"broker {brokerId}";
                    ProtocolRequests.ThrowOnError(partition.ErrorCode,
                        $"Failed to describe producers for partition {topic.Name}-{partition.PartitionIndex} on {where}"
                        + (string.IsNullOrEmpty(partition.ErrorMessage) ? string.Empty : $": {partition.ErrorMessage}"));
                    described.Add(new PartitionProducers(topic.Name, partition.PartitionIndex, partition.ActiveProducers));
                }
            }
        }

        return described;
    }

    /// <summary>Writes an ABORT marker for the producer to the partition's leader (WriteTxnMarkers), as Kafka's Admin.abortTransaction.</summary>
    public async Task AbortAsync(string topic, int partition, long producerId, short producerEpoch, int coordinatorEpoch, CancellationToken cancellationToken)
    {
        int leader = Leader(topic, partition);
        short version = await _cluster.VersionAsync(leader, WriteTxnMarkersRequest.ApiKey, 0, 1, "WriteTxnMarkers", cancellationToken).ConfigureAwait(false);
        var request = new WriteTxnMarkersRequest();
        request.Markers.Add(new()
        {
            ProducerId = producerId,
            ProducerEpoch = producerEpoch,
            TransactionResult = false,
            CoordinatorEpoch = coordinatorEpoch,
            Topics = { new() { Name = topic, PartitionIndexes = [partition] } },
        });
        var response = await _cluster.SendAsync<WriteTxnMarkersResponse>(leader, request, WriteTxnMarkersRequest.ApiKey, version, cancellationToken).ConfigureAwait(false);
        var result = response.Markers.SelectMany(m => m.Topics).SelectMany(t => t.Partitions).FirstOrDefault()
            ?? throw new CommandFailedException($"The answer to WriteTxnMarkers from broker {leader} does not name {topic}-{partition}.");
        ProtocolRequests.ThrowOnError(result.ErrorCode,
            $"Failed to abort transaction of producer {producerId} (epoch {producerEpoch}, coordinator epoch {coordinatorEpoch}) on {topic}-{partition}");
    }

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    /// <summary>The partition's leader in the cluster's metadata.</summary>
    /// <exception cref="CommandFailedException">UNKNOWN_TOPIC_OR_PARTITION, or LEADER_NOT_AVAILABLE.</exception>
    public int Leader(string topic, int partition)
    {
        var metadata = _cluster.Metadata.Topics.FirstOrDefault(t => t.Topic == topic)?.Partitions.FirstOrDefault(p => p.PartitionId == partition)
            ?? throw new CommandFailedException($"UNKNOWN_TOPIC_OR_PARTITION: The partition {topic}-{partition} does not exist.");
        return metadata.Leader >= 0 ? metadata.Leader : throw new CommandFailedException($"LEADER_NOT_AVAILABLE: The partition {topic}-{partition} has no leader.");
    }

    /// <summary>FindCoordinator (transaction) through the first broker, retried while the coordinator is loading or moving.</summary>
    private async Task<int> CoordinatorAsync(string transactionalId, CancellationToken cancellationToken)
    {
        int broker = _cluster.BrokerIds[0];
        short version = await _cluster.VersionAsync(broker, FindCoordinatorRequest.ApiKey, 1, 6, "FindCoordinator", cancellationToken).ConfigureAwait(false);
        var request = version >= 4
            ? new FindCoordinatorRequest { KeyType = TransactionKeyType, CoordinatorKeys = [transactionalId] }
            : new FindCoordinatorRequest { KeyType = TransactionKeyType, Key = transactionalId };
        for (int attempt = 1; ; attempt++)
        {
            var response = await _cluster.SendAsync<FindCoordinatorResponse>(broker, request, FindCoordinatorRequest.ApiKey, version, cancellationToken).ConfigureAwait(false);
            var (error, message, nodeId) = version >= 4 && response.Coordinators.FirstOrDefault() is { } found
                ? (found.ErrorCode, found.ErrorMessage, found.NodeId)
                : (response.ErrorCode, response.ErrorMessage, response.NodeId);
            bool retriable = (ErrorCode)error is ErrorCode.CoordinatorNotAvailable or ErrorCode.CoordinatorLoadInProgress or ErrorCode.NotCoordinator;
            if (!retriable || attempt == CoordinatorAttempts)
            {
                ProtocolRequests.ThrowOnError(error, message);
                return nodeId;
            }

            await Task.Delay(CoordinatorRetry, cancellationToken).ConfigureAwait(false);
        }
    }
}
