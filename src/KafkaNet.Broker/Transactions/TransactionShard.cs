using KafkaNet.Protocol;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;
using KafkaNet.Storage.Producers;

namespace KafkaNet.Broker.Transactions;

/// <summary>
/// The transactional ids of one __transaction_state partition. One lock guards them all; a change is prepared
/// under it, written outside it, and applied under it again. Serves once the partition has been replayed.
/// </summary>
internal sealed class TransactionShard
{
    // A single node leads every partition at leader epoch 0, which is also the coordinator epoch of its markers.
    public const int LeaderEpoch = 0;

    private readonly Func<long, int, Task<ErrorCode>>? _replicated;
    private volatile bool _loaded;
    private volatile bool _closed;

    public TransactionShard(int partition, PartitionLog log, int leaderEpoch = LeaderEpoch, Func<long, int, Task<ErrorCode>>? replicated = null)
    {
        Partition = partition;
        Log = log;
        CoordinatorEpoch = leaderEpoch;
        _replicated = replicated;
    }

    public int Partition { get; }

    public PartitionLog Log { get; }

    /// <summary>The coordinator epoch markers carry, and the epoch records are written at: the partition's leader epoch.</summary>
    public int CoordinatorEpoch { get; }

    public Lock Lock { get; } = new();

    public Dictionary<string, TransactionMetadata> Transactions { get; } = new(StringComparer.Ordinal);

    /// <summary>False until the partition is replayed, and again once the coordinator stops.</summary>
    public bool IsLoaded => _loaded && !_closed;

    public bool IsClosed => _closed;

    public void MarkLoaded() => _loaded = true;

    public void Close() => _closed = true;

    /// <summary>
    /// Writes one record per entry: a transaction's new state, or a tombstone for a null transit; in a cluster, answers once
    /// the partition's high watermark has passed them.
    /// </summary>
    public async Task<ErrorCode> AppendAsync(IReadOnlyList<(string TransactionalId, TransactionTransit? Transit)> entries, long now)
    {
        if (_closed)
        {
            return ErrorCode.NotCoordinator;
        }
        try
        {
            // Uncompressed, as Kafka writes this topic.
            using var builder = new RecordBatchBuilder();
            foreach (var (transactionalId, transit) in entries)
            {
                byte[] key = TransactionLogRecords.Key(transactionalId);
                builder.Append(now, new NullableBytes(key), transit is null ? NullableBytes.Null : new NullableBytes(TransactionLogRecords.Value(transit)));
            }
            var info = await Log.AppendAsLeaderAsync(builder.ToArray(), CoordinatorEpoch, checksumVerified: true, AppendOrigin.Coordinator).ConfigureAwait(false);
            // With followers the change holds only once the ISR has it (acks=all, as Kafka writes this topic).
            return _replicated is null || Log.HighWatermark > info.LastOffset
                ? ErrorCode.None
                : await _replicated(info.LastOffset + 1, entries.Max(e => e.Transit?.TimeoutMs ?? 0)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException)
        {
            // The log is closing or its disk failed: Kafka answers NOT_COORDINATOR and the client looks again.
            return ErrorCode.NotCoordinator;
        }
#pragma warning disable CA1031 // Any other refusal of the log becomes Kafka's retriable coordinator error.
        catch (Exception)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }
#pragma warning restore CA1031
    }
}
