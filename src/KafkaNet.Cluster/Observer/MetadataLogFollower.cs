using System.Collections.Concurrent;
using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Node;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Cluster.Observer;

/// <summary>
/// A broker without the controller role follows the metadata log as Kafka's observers do: it fetches
/// __cluster_metadata-0 from the active controller's controller listener with Fetch (its node id as replica id),
/// loads a snapshot with FetchSnapshot when it is behind what the controller keeps, and applies every entry
/// in order. The controller it asks first is any of the configured ones (controller.quorum.voters or
/// controller.quorum.bootstrap.servers); a controller that is not active names the one that is.
/// </summary>
public sealed partial class MetadataLogFollower : IControllerLocator, IAsyncDisposable
{
    private const short FetchVersion = 17;
    private const short FetchSnapshotVersion = 1;
    private const int MaxWaitMs = 500;
    private const int MaxBytes = 8 * 1024 * 1024;
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    private readonly int _nodeId;
    private readonly string _clusterId;
    private readonly IReadOnlyList<NodeAddress> _bootstrap;
    private readonly MetadataPublisher _publisher;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Host, int Port), NodeClient> _clients = new();
    private readonly CancellationTokenSource _stop = new();
    private NodeAddress? _leader;
    private int _rotation;
    private Task _run = Task.CompletedTask;

    /// <summary>The controller listener's TLS and SASL; null fetches in PLAINTEXT.</summary>
    public NodeClientSecurity? Security { get; init; }

    /// <param name="bootstrap">The controllers to ask first; node id -1 where only the address is known.</param>
    public MetadataLogFollower(int nodeId, string clusterId, IReadOnlyList<NodeAddress> bootstrap, MetadataPublisher publisher, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(bootstrap);
        ArgumentOutOfRangeException.ThrowIfZero(bootstrap.Count);
        _nodeId = nodeId;
        _clusterId = clusterId;
        _bootstrap = bootstrap;
        _publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<MetadataLogFollower>();
    }

    /// <summary>The active controller as last learned from a metadata fetch; null while unknown.</summary>
    public NodeAddress? ActiveController => Volatile.Read(ref _leader);

    /// <summary>A broker without the controller role never hosts the active controller.</summary>
    public bool IsLocalLeader => false;

    /// <summary>Starts following; entries are applied to the publisher as they arrive.</summary>
    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>The active controller did not answer: ask around again.</summary>
    public void Forget(NodeAddress controller)
    {
        Interlocked.CompareExchange(ref _leader, null, controller);
    }

    private async Task RunAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            var target = ActiveController ?? _bootstrap[_rotation++ % _bootstrap.Count];
            bool progressed = false;
            try
            {
                progressed = await FetchOnceAsync(target, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NodeUnreachableException or TimeoutException or IOException or InvalidDataException or CorruptRecordException)
            {
                Log.FetchFailed(_logger, target.ToString(), e.Message);
                Forget(target);
            }
            if (!progressed)
            {
                try
                {
                    await Task.Delay(RetryPause, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    // True when the answer came from the active controller (whether or not it had anything new).
    private async Task<bool> FetchOnceAsync(NodeAddress target, CancellationToken token)
    {
        long next = _publisher.AppliedOffset + 1;
        var request = new FetchRequest
        {
            ClusterId = _clusterId,
            ReplicaId = -1,
            ReplicaState = new FetchRequest.ReplicaStateData { ReplicaId = _nodeId, ReplicaEpoch = -1 },
            MaxWaitMs = MaxWaitMs,
            MinBytes = 1,
            MaxBytes = MaxBytes,
            IsolationLevel = 0,
        };
        var topic = new FetchRequest.FetchTopic { TopicId = MetadataTopic.Id };
        topic.Partitions.Add(new FetchRequest.FetchPartition
        {
            Partition = MetadataTopic.Partition,
            CurrentLeaderEpoch = -1,
            FetchOffset = next,
            LastFetchedEpoch = -1,
            LogStartOffset = -1,
            PartitionMaxBytes = MaxBytes,
        });
        request.Topics.Add(topic);
        var response = await Client(target).SendAsync<FetchResponse>(request, FetchRequest.ApiKey, FetchVersion, token).ConfigureAwait(false);
        var data = response.Responses.SelectMany(t => t.Partitions).FirstOrDefault()
            ?? throw new InvalidDataException("A metadata fetch response without the partition asked for.");
        var error = (ErrorCode)data.ErrorCode;
        if (error == ErrorCode.NotLeaderOrFollower)
        {
            Follow(data.CurrentLeader.LeaderId, response.NodeEndpoints);
            return ActiveController is not null && ActiveController != target;
        }
        if (error != ErrorCode.None)
        {
            Log.FetchRefused(_logger, target.ToString(), error.ToString());
            Forget(target);
            return false;
        }
        var leader = target.NodeId >= 0 ? target : target with { NodeId = data.CurrentLeader.LeaderId };
        Volatile.Write(ref _leader, leader);
        if (data.SnapshotId.EndOffset >= 0)
        {
            await LoadSnapshotAsync(leader, data.SnapshotId.EndOffset, data.SnapshotId.Epoch, token).ConfigureAwait(false);
            return true;
        }
        await ApplyAsync(data.Records ?? ReadOnlyMemory<byte>.Empty, next, token).ConfigureAwait(false);
        return true;
    }

    private async Task ApplyAsync(ReadOnlyMemory<byte> records, long next, CancellationToken token)
    {
        var reader = new RecordBatchReader(records);
        while (!reader.IsAtEnd)
        {
            var result = reader.ReadNext(out var batch);
            if (result != RecordBatchValidationResult.Ok)
            {
                // A partial batch at the end is cut off by the size limit; anything else is damage.
                if (result == RecordBatchValidationResult.Truncated)
                {
                    return;
                }
                throw new InvalidDataException($"A metadata fetch response holds a bad batch: {result}.");
            }
            foreach (var (offset, entry) in Entries(batch))
            {
                if (offset < next)
                {
                    continue;
                }
                await _publisher.ApplyAsync(offset, entry, token).ConfigureAwait(false);
                next = offset + 1;
            }
        }
    }

    private static List<(long Offset, byte[] Entry)> Entries(RecordBatch batch)
    {
        var entries = new List<(long, byte[])>(1);
        foreach (var record in batch.GetRecords())
        {
            entries.Add((record.Offset, record.Value.ToArray()));
        }
        return entries;
    }

    private async Task LoadSnapshotAsync(NodeAddress leader, long endOffset, int epoch, CancellationToken token)
    {
        using var snapshot = new MemoryStream();
        long size = -1;
        while (size < 0 || snapshot.Length < size)
        {
            var request = new FetchSnapshotRequest { ClusterId = _clusterId, ReplicaId = _nodeId, MaxBytes = MaxBytes };
            var topic = new FetchSnapshotRequest.TopicSnapshot { Name = MetadataTopic.Name };
            var partition = new FetchSnapshotRequest.PartitionSnapshot { Partition = MetadataTopic.Partition, CurrentLeaderEpoch = epoch, Position = snapshot.Length };
            partition.SnapshotId.EndOffset = endOffset;
            partition.SnapshotId.Epoch = epoch;
            topic.Partitions.Add(partition);
            request.Topics.Add(topic);
            var response = await Client(leader).SendAsync<FetchSnapshotResponse>(request, FetchSnapshotRequest.ApiKey, FetchSnapshotVersion, token).ConfigureAwait(false);
            var data = response.Topics.SelectMany(t => t.Partitions).FirstOrDefault()
                ?? throw new InvalidDataException("A FetchSnapshot response without the partition asked for.");
            if ((ErrorCode)data.ErrorCode != ErrorCode.None)
            {
                // The controller moved on to a newer snapshot, or lost leadership: fetch again and be told which.
                Log.SnapshotRefused(_logger, endOffset, ((ErrorCode)data.ErrorCode).ToString());
                return;
            }
            if (data.Position != snapshot.Length || data.SnapshotSize < 0 || (data.UnalignedRecords.Length == 0 && snapshot.Length < data.SnapshotSize))
            {
                throw new InvalidDataException($"A FetchSnapshot response at position {data.Position} of {data.SnapshotSize} bytes does not continue the {snapshot.Length} read.");
            }
            size = data.SnapshotSize;
            snapshot.Write(data.UnalignedRecords.Span);
        }
        _publisher.LoadSnapshot(snapshot.ToArray(), endOffset - 1);
        Log.SnapshotLoaded(_logger, endOffset, size);
    }

    private void Follow(int leaderId, IReadOnlyList<FetchResponse.NodeEndpoint> endpoints)
    {
        NodeAddress? leader = null;
        if (endpoints.FirstOrDefault(e => e.NodeId == leaderId) is { } endpoint)
        {
            leader = new NodeAddress(leaderId, endpoint.Host, endpoint.Port);
        }
        else if (leaderId >= 0 && _bootstrap.FirstOrDefault(b => b.NodeId == leaderId) is { } known)
        {
            leader = known;
        }
        Volatile.Write(ref _leader, leader);
    }

    private NodeClient Client(NodeAddress address) =>
        _clients.GetOrAdd((address.Host, address.Port), _ => new NodeClient(address,
            new NodeClientOptions { ClientId = $"broker-{_nodeId}-metadata", ConnectTimeout = TimeSpan.FromSeconds(2), RequestTimeout = TimeSpan.FromSeconds(10), Security = Security },
            _loggerFactory));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        foreach (var client in _clients.Values)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
        _clients.Clear();
        _stop.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 501, Level = LogLevel.Debug, Message = "Fetching the metadata log from {Controller} failed: {Reason}")]
        public static partial void FetchFailed(ILogger logger, string controller, string reason);

        [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "{Controller} refused a metadata fetch: {Error}")]
        public static partial void FetchRefused(ILogger logger, string controller, string error);

        [LoggerMessage(EventId = 503, Level = LogLevel.Information, Message = "Snapshot of the metadata log up to offset {EndOffset} refused: {Error}; fetching again")]
        public static partial void SnapshotRefused(ILogger logger, long endOffset, string error);

        [LoggerMessage(EventId = 504, Level = LogLevel.Information, Message = "Loaded a snapshot of the metadata log up to offset {EndOffset} ({Bytes} bytes)")]
        public static partial void SnapshotLoaded(ILogger logger, long endOffset, long bytes);
    }
}
