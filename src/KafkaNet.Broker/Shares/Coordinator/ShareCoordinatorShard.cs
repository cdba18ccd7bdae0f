using KafkaNet.Broker.Groups;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Shares.Coordinator;

/// <summary>
/// The share-partition states kept by one partition of __share_group_state, and the log their records go to. One lock
/// serializes every call, so the records of the calls land in the log in the order the state applied them.
/// </summary>
internal sealed class ShareCoordinatorShard : IDisposable
{
    private readonly ShareCoordinatorShardSettings _settings;
    // When each share-partition's records were last appended by this leader; a partition missing here is cold.
    private readonly Dictionary<SharePartitionKey, long> _lastWriteMs = new();
    private volatile bool _loaded;
    private bool _disposed;

    public ShareCoordinatorShard(int partition, PartitionLog log, ShardLeadership? leadership, ShareCoordinatorShardSettings settings)
    {
        Partition = partition;
        Log = log;
        Leadership = leadership;
        _settings = settings;
        State = settings.NewState();
    }

    public int Partition { get; }

    public PartitionLog Log { get; }

    /// <summary>The leader epoch and replication this shard serves under; null on a single node without metadata.</summary>
    public ShardLeadership? Leadership { get; }

    public int LeaderEpoch => Leadership?.LeaderEpoch ?? 0;

    /// <summary>Held for every read or change of <see cref="State"/>.</summary>
    public Lock Lock { get; } = new();

    /// <summary>Under <see cref="Lock"/>: the states replayed from the log and changed by the calls since.</summary>
    public ShareCoordinatorState State { get; private set; }

    /// <summary>False until the partition has been replayed (COORDINATOR_LOAD_IN_PROGRESS meanwhile) and after it is unloaded.</summary>
    public bool IsLoaded => _loaded;

    /// <summary>Replays the partition up to <paramref name="endOffset"/>; nothing happens once the shard is unloaded.</summary>
    public void Load(long endOffset)
    {
        lock (Lock)
        {
            if (_disposed)
            {
                return;
            }
            State = _settings.NewState();
            _lastWriteMs.Clear();
            var state = State;
            ShareStateLogReader.ReplayAll(Log, endOffset, state.Replay);
            _loaded = true;
        }
    }

    /// <summary>
    /// After a write failed: the state again holds what the log holds, so calls that were applied but never appended
    /// leave no trace.
    /// </summary>
    public void Reload()
    {
        try
        {
            Load(Log.LogEndOffset);
        }
        catch (ObjectDisposedException)
        {
            // The log closed: the broker is stopping or the replica moved, and the shard goes with it.
        }
    }

    /// <summary>
    /// Appends records, under <see cref="Lock"/>, as one batch; the task completes once the partition's in-sync replicas have
    /// them (acks=all), with NONE or the error the caller answers with: NOT_COORDINATOR when leadership moved,
    /// COORDINATOR_NOT_AVAILABLE when the write failed or timed out.
    /// </summary>
    public Task<ErrorCode> Append(IReadOnlyList<ShareStateRecord> records)
    {
        if (records.Count == 0)
        {
            return Task.FromResult(ErrorCode.None);
        }
        if (_disposed)
        {
            return Task.FromResult(ErrorCode.NotCoordinator);
        }
        long now = NowMs;
        foreach (var record in records)
        {
            _lastWriteMs[record.Key] = now;
        }
        return AppendReplicatedAsync(EncodeBatch(records));
    }

    /// <summary>
    /// Writes a fresh snapshot of every share-partition with no record appended for <paramref name="intervalMs"/> (or
    /// none since the shard loaded), as Kafka's cold-partition snapshots do: the topic deletes old segments rather than
    /// compacting them, so the state of a quiet share-partition must be written again before retention removes it.
    /// </summary>
    public Task<ErrorCode> SnapshotColdPartitions(long intervalMs)
    {
        lock (Lock)
        {
            if (!_loaded)
            {
                return Task.FromResult(ErrorCode.None);
            }
            long coldBefore = NowMs - intervalMs;
            var records = new List<ShareStateRecord>();
            foreach (var key in State.Partitions.ToList())
            {
                if (!_lastWriteMs.TryGetValue(key, out long written) || written <= coldBefore)
                {
                    var record = ColdSnapshot.Of(key, State.Get(key)!);
                    State.Replay(record);
                    records.Add(record);
                }
            }
            return Append(records);
        }
    }

    private long NowMs => _settings.Time.GetUtcNow().ToUnixTimeMilliseconds();

    public void Dispose()
    {
        lock (Lock)
        {
            _disposed = true;
            _loaded = false;
        }
    }

    private byte[] EncodeBatch(IReadOnlyList<ShareStateRecord> records)
    {
        using var builder = new RecordBatchBuilder { Compression = (CompressionCodec)_settings.CompressionCodec };
        long now = NowMs;
        foreach (var record in records)
        {
            byte[]? value = ShareStateRecordSerde.SerializeValue(record);
            builder.Append(now, new NullableBytes(ShareStateRecordSerde.SerializeKey(record)), value is null ? NullableBytes.Null : new NullableBytes(value));
        }
        return builder.ToArray();
    }

    // The log append starts before the first await, so it happens under the caller's lock.
    private async Task<ErrorCode> AppendReplicatedAsync(byte[] batch)
    {
        try
        {
            var info = await Log.AppendAsLeaderAsync(batch, LeaderEpoch).ConfigureAwait(false);
            if (Leadership?.Replication is not { } replication)
            {
                return ErrorCode.None;
            }
            var replicated = await replication.WaitForHighWatermarkAsync(info.LastOffset + 1, _settings.MinInsyncReplicas)
                .WaitAsync(TimeSpan.FromMilliseconds(Leadership.CommitTimeoutMs), _settings.Time).ConfigureAwait(false);
            return replicated == ErrorCode.None ? ErrorCode.None : new CoordinatorWriteException(replicated).Error;
        }
        catch (TimeoutException)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }
#pragma warning disable CA1031 // Any storage failure is answered with Kafka's coordinator error; the caller retries.
        catch (Exception e)
        {
            return CoordinatorShard.ErrorOf(e);
        }
#pragma warning restore CA1031
    }
}
