using KafkaNet.Broker.Groups.Offsets;
using KafkaNet.Broker.Groups.Records;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

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

    internal CoordinatorShard(int partition, PartitionLog log, TimeProvider time, CompressionCodec compression, Action<CoordinatorShard, string, long> onDeadline)
    {
        Partition = partition;
        Log = log;
        Time = time;
        _compression = compression;
        _onDeadline = onDeadline;
        _timer = time.CreateTimer(_ => FireDeadlines(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Partition { get; }

    public PartitionLog Log { get; }

    public TimeProvider Time { get; }

    /// <summary>Held for every read or change of this shard's groups and offsets.</summary>
    public Lock Lock { get; } = new();

    public Dictionary<string, IGroup> Groups { get; } = new(StringComparer.Ordinal);

    public OffsetStore Offsets { get; } = new();

    /// <summary>False until the partition's records have been replayed (COORDINATOR_LOAD_IN_PROGRESS meanwhile).</summary>
    public bool IsLoaded => _loaded;

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Writes records to the partition. Call under <see cref="Lock"/> so records land in the order of the
    /// changes they describe; await the task (outside the lock) before answering the client.
    /// </summary>
    public Task<LogAppendInfo> Append(IReadOnlyList<CoordinatorRecord> records)
    {
        if (records.Count == 0)
        {
            return Task.FromResult(default(LogAppendInfo));
        }
        try
        {
            using var builder = new RecordBatchBuilder { Compression = _compression };
            long now = NowMs;
            foreach (var record in records)
            {
                byte[] key = CoordinatorRecordSerde.SerializeKey(record);
                byte[]? value = CoordinatorRecordSerde.SerializeValue(record);
                builder.Append(now, new NullableBytes(key), value is null ? NullableBytes.Null : new NullableBytes(value));
            }
            return Log.AppendAsLeaderAsync(builder.ToArray(), leaderEpoch: 0);
        }
#pragma warning disable CA1031 // A failed write is reported to the caller, who answers with a coordinator error.
        catch (Exception e)
        {
            return Task.FromException<LogAppendInfo>(e);
        }
#pragma warning restore CA1031
    }

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
    internal void Load(Action<CoordinatorShard, CoordinatorRecord> apply)
    {
        lock (Lock)
        {
            foreach (var record in CoordinatorLogReader.ReadAll(Log))
            {
                apply(this, record);
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
