using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Storage;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Broker.Transactions;

/// <summary>
/// Kafka's transaction coordinator: producer ids, transactional ids and their transactions, kept as records in the
/// compacted internal topic __transaction_state. Each partition of that topic is a shard coordinating the ids that
/// hash to it; a shard serves once its partition has been replayed, and transactions it finds half-ended are
/// completed then. Markers are written in the background: EndTxn answers once the Prepare record is durable.
/// </summary>
public sealed partial class TransactionCoordinator : IDisposable
{
    private readonly TopicRegistry _topics;
    private readonly ReplicaManager? _replicas;
    private readonly TimeProvider _time;
    private readonly ProducerIdManager _producerIds;
    private readonly ControllerProducerIds _controllerIds;
    private readonly LocalMarkerWriter _local;
    private readonly TransactionMarkerChannel _markers;
    private readonly MarkerWrite? _writeMarker;
    private readonly ILogger _logger;
    private readonly Lock _startLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _abortTimer;
    private readonly ITimer _expiryTimer;
    private volatile TransactionShard?[]? _shards;
    private volatile bool _disposed;

    public TransactionCoordinator(TransactionCoordinatorOptions options, string dataDirectory, TopicRegistry topics, ReplicaManager? replicas,
        GroupCoordinator groups, ILogger? logger = null, TimeProvider? time = null)
        : this(options, dataDirectory, topics, replicas, groups, null, logger, time)
    {
    }

    /// <summary>As the public constructor; <paramref name="writeMarker"/> replaces the local marker writer for completions (tests).</summary>
    internal TransactionCoordinator(TransactionCoordinatorOptions options, string dataDirectory, TopicRegistry topics, ReplicaManager? replicas,
        GroupCoordinator groups, MarkerWrite? writeMarker, ILogger? logger, TimeProvider? time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(groups);
        Options = options;
        _topics = topics;
        _replicas = replicas;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _producerIds = new ProducerIdManager(dataDirectory);
        _controllerIds = new ControllerProducerIds(AllocateProducerIdsAsync, _stopping.Token);
        _local = new LocalMarkerWriter(replicas, groups, topics, WaitReplicatedAsync);
        _markers = new TransactionMarkerChannel(_local, topics, () => _broker);
        _writeMarker = writeMarker;
        var abortInterval = TimeSpan.FromMilliseconds(options.TransactionAbortTimedOutTransactionCleanupIntervalMs);
        _abortTimer = _time.CreateTimer(_ => RunAbortPass(), null, abortInterval, abortInterval);
        var expiryInterval = TimeSpan.FromMilliseconds(options.TransactionRemoveExpiredTransactionCleanupIntervalMs);
        _expiryTimer = _time.CreateTimer(_ => _ = RunExpiryPassAsync(), null, expiryInterval, expiryInterval);
        if (_replicas is not null && _topics.Find(TopicNames.TransactionState) is not null)
        {
            // This broker leads every partition of an existing topic: replay them now, serving each once loaded.
            StartShards(loadInBackground: true);
        }
    }

    /// <summary>Writes one marker to a partition; <see cref="LocalMarkerWriter.WriteAsync"/> by default.</summary>
    internal delegate Task<ErrorCode> MarkerWrite(TopicPartition partition, long producerId, short producerEpoch, int coordinatorEpoch, bool commit);

    public TransactionCoordinatorOptions Options { get; }

    /// <summary>Whether every partition of __transaction_state has been replayed (true before the topic exists).</summary>
    public bool AllShardsLoaded => _shards?.All(s => s is null || s.IsLoaded) ?? true;

    internal ProducerIdManager ProducerIds => _producerIds;

    /// <summary>The partition of __transaction_state that coordinates a transactional id: abs(Java hashCode) % partitions.</summary>
    public int PartitionFor(string transactionalId) =>
        GroupPartitioner.PartitionFor(transactionalId,
            _shards?.Length ?? _topics.Find(TopicNames.TransactionState)?.PartitionCount ?? Options.TransactionStateLogNumPartitions);

    /// <summary>
    /// For FindCoordinator with key type 1: creates __transaction_state on first use, as Kafka does. NONE when this
    /// broker coordinates the id, even while its partition loads (requests then get COORDINATOR_LOAD_IN_PROGRESS); in a
    /// cluster, COORDINATOR_NOT_AVAILABLE when another broker does (see the overload naming the leader).
    /// </summary>
    public ErrorCode EnsureCoordinator(string transactionalId)
    {
        var error = EnsureCoordinator(transactionalId, out int leaderId);
        return error == ErrorCode.None && leaderId != _topics.NodeId ? ErrorCode.CoordinatorNotAvailable : error;
    }

    /// <summary>A single node's coordinator: __transaction_state is created locally on first use.</summary>
    private ErrorCode EnsureLocalCoordinator()
    {
        if (_replicas is null || _disposed)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }
        if (_shards is null)
        {
            if (!CreateTransactionStateTopic())
            {
                return ErrorCode.CoordinatorNotAvailable;
            }
            StartShards(loadInBackground: false);
        }
        return _shards is null ? ErrorCode.CoordinatorNotAvailable : ErrorCode.None;
    }

    /// <summary>
    /// Whether a transactional produce from <paramref name="producerId"/> at <paramref name="producerEpoch"/> may append
    /// to the partition: the partition must be part of the producer's ongoing transaction (Kafka's verification,
    /// KIP-890). None when it may, or when transaction.partition.verification.enable is false; otherwise what Kafka's
    /// coordinator answers a verifying AddPartitionsToTxn, which the produce path maps by its version as Kafka does:
    /// TRANSACTION_ABORTABLE (not added to the transaction), PRODUCER_FENCED (another epoch), INVALID_PRODUCER_ID_MAPPING
    /// (unknown id or another producer id), CONCURRENT_TRANSACTIONS (the transaction is ending),
    /// COORDINATOR_LOAD_IN_PROGRESS or NOT_COORDINATOR; TRANSACTIONAL_ID_AUTHORIZATION_FAILED without a transactional id.
    /// </summary>
    public ErrorCode VerifyTransactionalProduce(string? transactionalId, long producerId, short producerEpoch, string topic, int partition)
    {
        if (!Options.TransactionPartitionVerificationEnable)
        {
            return ErrorCode.None;
        }
        return string.IsNullOrEmpty(transactionalId)
            ? ErrorCode.TransactionalIdAuthorizationFailed
            : CheckPartitionInTransaction(transactionalId, producerId, producerEpoch, new TopicPartition(topic, partition));
    }

    /// <summary>
    /// WriteTxnMarkers for one partition of this broker: appends the marker (through the group coordinator for
    /// __consumer_offsets) and answers with Kafka's code for it (UNKNOWN_TOPIC_OR_PARTITION, INVALID_PRODUCER_EPOCH...).
    /// </summary>
    public Task<ErrorCode> WriteMarkerAsync(string topic, int partition, long producerId, short producerEpoch, int coordinatorEpoch, bool commit) =>
        _local.WriteAsync(new TopicPartition(topic, partition), producerId, producerEpoch, coordinatorEpoch, commit);

    public void Dispose()
    {
        lock (_startLock)
        {
            _disposed = true;
        }
        _stopping.Cancel();
        _abortTimer.Dispose();
        _expiryTimer.Dispose();
        foreach (var shard in _shards ?? [])
        {
            shard?.Close();
        }
        _stopping.Dispose();
    }

    /// <summary>NONE when this broker serves requests for the id now, else the error such a request gets.</summary>
    public ErrorCode ServingState(string transactionalId) => TryGetShard(transactionalId, out _);

    /// <summary>The shard of a transactional id, or the error a request for it gets.</summary>
    private ErrorCode TryGetShard(string transactionalId, out TransactionShard shard)
    {
        shard = null!;
        var shards = _shards;
        if (!_disposed && shards is null && InCluster && _topics.Find(TopicNames.TransactionState) is null)
        {
            // The topic does not exist yet: it is asked for, and the client finds the coordinator again. Kafka answers
            // NOT_COORDINATOR for any id whose partition it does not serve, this case included.
            RequestTransactionStateTopic();
            return ErrorCode.NotCoordinator;
        }
        if (_disposed || shards is null || shards[GroupPartitioner.PartitionFor(transactionalId, shards.Length)] is not { } found)
        {
            // As Kafka when it does not lead the id's partition: the client finds the coordinator again.
            return ErrorCode.NotCoordinator;
        }
        shard = found;
        return shard.IsLoaded ? ErrorCode.None : shard.IsClosed ? ErrorCode.NotCoordinator : ErrorCode.CoordinatorLoadInProgress;
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private Task<ErrorCode> AppendAsync(TransactionShard shard, string transactionalId, TransactionTransit transit) =>
        shard.AppendAsync([(transactionalId, transit)], NowMs);

    /// <summary>A new producer id, or the error InitProducerId answers when none can be handed out.</summary>
    private ErrorCode TryGenerateProducerId(out long producerId)
    {
        producerId = -1;
        if (_broker?.Controller is not null)
        {
            // In a cluster the controller hands out the blocks; none at hand yet is retriable, as in Kafka.
            return _controllerIds.TryGenerate(out producerId) ? ErrorCode.None : ErrorCode.CoordinatorLoadInProgress;
        }
        try
        {
            producerId = _producerIds.Generate();
            return ErrorCode.None;
        }
        catch (IOException)
        {
            // As Kafka while no block of ids is available: a retriable answer.
            return ErrorCode.CoordinatorLoadInProgress;
        }
        catch (InvalidOperationException)
        {
            return ErrorCode.UnknownServerError;
        }
    }

    private bool CreateTransactionStateTopic()
    {
        if (_topics.Find(TopicNames.TransactionState) is not null)
        {
            return true;
        }
        // One broker holds one replica; more come with a cluster.
        short replicationFactor = Math.Min(Options.TransactionStateLogReplicationFactor, (short)1);
        var configs = TransactionStateConfigs(replicationFactor).Select(c => new KeyValuePair<string, string?>(c.Name, c.Value)).ToList();
        var spec = new TopicSpec(TopicNames.TransactionState, Options.TransactionStateLogNumPartitions, replicationFactor, configs);
        var result = _topics.Create(spec, validateOnly: false);
        return !result.Error.IsError || result.Error.Code == ErrorCode.TopicAlreadyExists;
    }

    private void StartShards(bool loadInBackground)
    {
        TransactionShard?[] shards;
        lock (_startLock)
        {
            if (_shards is not null || _disposed)
            {
                return;
            }
            var topic = _topics.Find(TopicNames.TransactionState)!;
            shards = new TransactionShard?[topic.PartitionCount];
            for (int p = 0; p < shards.Length; p++)
            {
                var log = _replicas!.Find(TopicNames.TransactionState, p)
                    ?? throw new InvalidOperationException($"{TopicNames.TransactionState}-{p} has no log.");
                shards[p] = new TransactionShard(p, log);
            }
            _shards = shards;
        }
        if (loadInBackground)
        {
            _ = Task.Run(() => LoadAll(shards!));
        }
        else
        {
            LoadAll(shards!);
        }
    }
}
