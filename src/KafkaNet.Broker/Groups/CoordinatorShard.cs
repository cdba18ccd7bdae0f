using KafkaNet.Broker.Groups.Offsets;
using KafkaNet.Broker.Groups.Records;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;
using KafkaNet.Storage.Producers;

namespace KafkaNet.Broker.Groups;

/// <summary>
/// The groups coordinated by one partition of __consumer_offsets: their state, their committed offsets,
/// and the log their records go to. One lock serializes every change, so a change and the records that
/// describe it are written in the same order. Deadlines (sessions, rebalance timeouts) run on one timer.
/// </summary>
public sealed class CoordinatorShard : IDisposable
{
    private readonly PriorityQueue<string, long> _deadlines = new();
    private readonly Dictionary<string, long> _scheduled = new(StringComparer.Ordinal);
    private readonly Action<CoordinatorShard, string, long> _onDeadline;
    private readonly ITimer _timer;
    private readonly CompressionCodec _compression;
    private long _timerDueMs = long.MaxValue;
    private volatile bool _loaded;
    private bool _disposed;

    internal CoordinatorShard(int partition, PartitionLog log, TimeProvider time, CompressionCodec compression, Action<CoordinatorShard, string, long> onDeadline,
        ShardLeadership? leadership = null)
    {
        Partition = partition;
        Log = log;
        Leadership = leadership;
        Time = time;
        _compression = compression;
        _onDeadline = onDeadline;
        _timer = time.CreateTimer(_ => FireDeadlines(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Partition { get; }

    public PartitionLog Log { get; }

    /// <summary>The leader epoch and replication this shard serves under; null on a single node without metadata.</summary>
    internal ShardLeadership? Leadership { get; }

    /// <summary>The leader epoch the shard's batches are stamped with (0 on a single node).</summary>
    public int LeaderEpoch => Leadership?.LeaderEpoch ?? 0;

    public TimeProvider Time { get; }

    /// <summary>Held for every read or change of this shard's groups and offsets.</summary>
    public Lock Lock { get; } = new();

    public Dictionary<string, IGroup> Groups { get; } = new(StringComparer.Ordinal);

    public OffsetStore Offsets { get; } = new();

    /// <summary>Offsets of transactions not yet ended, invisible until their commit marker.</summary>
    public PendingOffsetStore PendingOffsets { get; } = new();

    /// <summary>Under <see cref="Lock"/>: the log offset the first record of the next append gets.</summary>
    public long NextOffset => Log.LogEndOffset;

    /// <summary>False until the partition's records have been replayed (COORDINATOR_LOAD_IN_PROGRESS meanwhile).</summary>
    public bool IsLoaded => _loaded;

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Writes records to the partition. Call under <see cref="Lock"/> so records land in the order of the
    /// changes they describe; await the task (outside the lock) before answering the client.
    /// </summary>
    public Task<LogAppendInfo> Append(IReadOnlyList<CoordinatorRecord> records) =>
        Write(records, RecordBatchHeader.NoProducerId, RecordBatchHeader.NoProducerEpoch);

    /// <summary>
    /// As <see cref="Append"/>, as one transactional batch of the producer (TxnOffsetCommit): the records stay
    /// pending until the transaction's marker. The batch carries no sequence, as Kafka's coordinators write it.
    /// </summary>
    public Task<LogAppendInfo> AppendTransactional(IReadOnlyList<CoordinatorRecord> records, long producerId, short producerEpoch) =>
        Write(records, producerId, producerEpoch);

    /// <summary>Writes the transaction marker (a control batch) of the producer. Call under <see cref="Lock"/>.</summary>
    public Task<LogAppendInfo> AppendMarker(long producerId, short producerEpoch, int coordinatorEpoch, bool commit)
    {
        try
        {
            if (_disposed)
            {
                return Task.FromException<LogAppendInfo>(new CoordinatorWriteException(ErrorCode.NotCoordinator));
            }
            return Replicated(Log.AppendEndTxnMarkerAsync(producerId, producerEpoch, coordinatorEpoch, commit, LeaderEpoch));
        }
#pragma warning disable CA1031 // A refused marker is reported to the caller with Kafka's code.
        catch (Exception e)
        {
            return Task.FromException<LogAppendInfo>(e);
        }
#pragma warning restore CA1031
    }

    /// <summary>
    /// Waits for a write and says how it went for the client: NONE, the producer state's refusal as Kafka's code,
    /// or COORDINATOR_NOT_AVAILABLE when the log refused it (a retriable answer: the client finds the coordinator
    /// again and retries).
    /// </summary>
    public static async Task<ErrorCode> OutcomeOf(Task<LogAppendInfo> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            await write.ConfigureAwait(false);
            return ErrorCode.None;
        }
#pragma warning disable CA1031 // Any storage failure becomes the same retriable coordinator error.
        catch (Exception e)
        {
            return ErrorOf(e);
        }
#pragma warning restore CA1031
    }

    /// <summary>The answer for a write that failed with <paramref name="failure"/>.</summary>
    public static ErrorCode ErrorOf(Exception? failure) => ((failure as AggregateException)?.InnerException ?? failure) switch
    {
        CoordinatorWriteException replication => replication.Error,
        ProducerAppendException refused => refused.Error switch
        {
            ProducerAppendError.InvalidProducerEpoch => ErrorCode.InvalidProducerEpoch,
            ProducerAppendError.OutOfOrderSequence => ErrorCode.OutOfOrderSequenceNumber,
            ProducerAppendError.UnknownProducerId => ErrorCode.UnknownProducerId,
            ProducerAppendError.InvalidTxnState => ErrorCode.InvalidTxnState,
            ProducerAppendError.TransactionCoordinatorFenced => ErrorCode.TransactionCoordinatorFenced,
            _ => ErrorCode.CoordinatorNotAvailable,
        },
        _ => ErrorCode.CoordinatorNotAvailable,
    };

    /// <summary>Asks for <see cref="Action{T1,T2,T3}"/> onDeadline to run for the group at or after <paramref name="dueMs"/>.</summary>
    public void Schedule(string groupId, long dueMs)
    {
        if (dueMs == long.MaxValue || (_scheduled.TryGetValue(groupId, out long current) && current <= dueMs))
        {
            return;
        }
        _scheduled[groupId] = dueMs;
        _deadlines.Enqueue(groupId, dueMs);
        if (dueMs < _timerDueMs && !_disposed)
        {
            _timerDueMs = dueMs;
            _timer.Change(TimeSpan.FromMilliseconds(Math.Max(0, dueMs - NowMs)), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Replays the partition from its start; called once before the shard serves requests.</summary>
    internal void Load(Action<CoordinatorShard, CoordinatorLogEntry> apply) => Load(apply, Log.LogEndOffset);

    /// <summary>Replays the partition up to <paramref name="endOffset"/>; nothing happens once the shard is unloaded.</summary>
    internal void Load(Action<CoordinatorShard, CoordinatorLogEntry> apply, long endOffset)
    {
        lock (Lock)
        {
            if (_disposed)
            {
                return;
            }
            foreach (var entry in CoordinatorLogReader.ReadAll(Log, endOffset))
            {
                apply(this, entry);
            }
            _loaded = true;
        }
    }

    public void Dispose()
    {
        lock (Lock)
        {
            _disposed = true;
            _loaded = false;
        }
        _timer.Dispose();
    }

    private Task<LogAppendInfo> Write(IReadOnlyList<CoordinatorRecord> records, long producerId, short producerEpoch)
    {
        if (records.Count == 0)
        {
            return Task.FromResult(default(LogAppendInfo));
        }
        if (_disposed)
        {
            // Leadership moved while the request waited for the lock: the new coordinator owns the partition.
            return Task.FromException<LogAppendInfo>(new CoordinatorWriteException(ErrorCode.NotCoordinator));
        }
        try
        {
            bool transactional = producerId != RecordBatchHeader.NoProducerId;
            using var builder = new RecordBatchBuilder
            {
                Compression = _compression,
                ProducerId = producerId,
                ProducerEpoch = producerEpoch,
                IsTransactional = transactional,
            };
            long now = NowMs;
            foreach (var record in records)
            {
                byte[] key = CoordinatorRecordSerde.SerializeKey(record);
                byte[]? value = CoordinatorRecordSerde.SerializeValue(record);
                builder.Append(now, new NullableBytes(key), value is null ? NullableBytes.Null : new NullableBytes(value));
            }
            return Replicated(transactional
                ? Log.AppendAsLeaderAsync(builder.ToArray(), LeaderEpoch, checksumVerified: true, AppendOrigin.Coordinator)
                : Log.AppendAsLeaderAsync(builder.ToArray(), LeaderEpoch));
        }
#pragma warning disable CA1031 // A failed write is reported to the caller, who answers with a coordinator error.
        catch (Exception e)
        {
            return Task.FromException<LogAppendInfo>(e);
        }
#pragma warning restore CA1031
    }

    // A write counts once the high watermark passes it (acks=all); alone in the ISR that is at once.
    private Task<LogAppendInfo> Replicated(Task<LogAppendInfo> append)
    {
        if (Leadership?.Replication is not { } replication || !append.IsCompletedSuccessfully)
        {
            return append;
        }
        var wait = replication.WaitForHighWatermarkAsync(append.Result.LastOffset + 1, minIsr: 1);
        return wait.IsCompletedSuccessfully && wait.Result == ErrorCode.None ? append : WaitReplicatedAsync(append.Result, wait);
    }

    private async Task<LogAppendInfo> WaitReplicatedAsync(LogAppendInfo info, Task<ErrorCode> wait)
    {
        ErrorCode error;
        try
        {
            error = await wait.WaitAsync(TimeSpan.FromMilliseconds(Leadership!.CommitTimeoutMs), Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            error = ErrorCode.RequestTimedOut;
        }
        return error == ErrorCode.None ? info : throw new CoordinatorWriteException(error);
    }

    private void FireDeadlines()
    {
        lock (Lock)
        {
            if (_disposed)
            {
                return;
            }
            long now = NowMs;
            _timerDueMs = long.MaxValue;
            while (_deadlines.TryPeek(out string? groupId, out long due) && due <= now)
            {
                _deadlines.Dequeue();
                if (_scheduled.GetValueOrDefault(groupId) != due)
                {
                    continue; // superseded by an earlier deadline that already ran
                }
                _scheduled.Remove(groupId);
                _onDeadline(this, groupId, now);
            }
            if (_deadlines.TryPeek(out _, out long next))
            {
                _timerDueMs = next;
                _timer.Change(TimeSpan.FromMilliseconds(Math.Max(1, next - NowMs)), Timeout.InfiniteTimeSpan);
            }
        }
    }
}
