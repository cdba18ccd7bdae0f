using KafkaNet.Protocol.Records;
using KafkaNet.Storage.Producers;

namespace KafkaNet.Storage;

/// <summary>Producer state, transaction markers, the last stable offset and the aborted transaction index.</summary>
public sealed partial class PartitionLog
{
    /// <summary>
    /// Offsets below this hold no open transaction: read_committed readers stop here. With no open transaction it is
    /// the log end offset; as with Kafka it is never below the log start offset.
    /// </summary>
    public long LastStableOffset => Math.Min(Math.Max(_producers.FirstUnstableOffset, LogStartOffset), LogEndOffset);

    /// <summary>
    /// Writes a transaction marker (a control batch, COMMIT or ABORT) for <paramref name="producerId"/> and closes its
    /// transaction on this partition; an abort is added to the aborted transaction index. A producer with no open
    /// transaction here still gets its marker, without an index entry, as Kafka does.
    /// </summary>
    /// <exception cref="ProducerAppendException">The epoch or coordinator epoch is stale.</exception>
    public Task<LogAppendInfo> AppendEndTxnMarkerAsync(long producerId, short producerEpoch, int coordinatorEpoch, bool commit, int leaderEpoch)
    {
        byte[] marker = ControlBatchBuilder.EndTxnMarker(producerId, producerEpoch, coordinatorEpoch, commit, NowMs);
        return AppendAsLeaderAsync(marker, leaderEpoch, checksumVerified: true, AppendOrigin.Coordinator);
    }

    /// <summary>
    /// Adds to <paramref name="into"/> every aborted transaction that overlaps [startOffset, upperBoundOffset), from
    /// the indexes of the segments holding offsets at or after <paramref name="startOffset"/>. Takes no lock.
    /// </summary>
    public void CollectAbortedTransactions(long startOffset, long upperBoundOffset, List<AbortedTransaction> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        LogSegment[] segments = Volatile.Read(ref _segments);
        for (int i = 0; i < segments.Length; i++)
        {
            // A segment ending at or before the start holds only markers of transactions that ended before it.
            if (i + 1 < segments.Length && segments[i + 1].BaseOffset <= startOffset)
            {
                continue;
            }

            if (segments[i].TxnIndex.Collect(startOffset, upperBoundOffset, into))
            {
                return;
            }
        }
    }

    /// <summary>The producers this partition holds state for.</summary>
    public IReadOnlyList<ProducerStateInfo> ActiveProducers()
    {
        lock (_appendLock)
        {
            return _producers.ActiveProducers();
        }
    }

    /// <summary>
    /// producer.id.expiration.ms: forgets producers with no open transaction whose last write (its batch timestamp,
    /// as Kafka) is at least <paramref name="expirationMs"/> old. Returns how many were removed.
    /// </summary>
    public int RemoveExpiredProducers(long expirationMs)
    {
        lock (_appendLock)
        {
            return _producers.ProducerCount == 0 ? 0 : _producers.RemoveExpired(NowMs, expirationMs);
        }
    }

    // Under the append lock (or while opening): the committed state is the state at the log end.
    private void TakeSnapshot(bool fsync)
    {
        long offset = _logEndOffset;
        if (offset == _lastSnapshotOffset)
        {
            return;
        }

        _producers.WriteSnapshot(LogFileNames.SnapshotFile(Directory, offset), fsync);
        _lastSnapshotOffset = offset;
    }
}
