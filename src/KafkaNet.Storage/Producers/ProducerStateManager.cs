using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Producers;

/// <summary>
/// The producer state of one partition, as Kafka's ProducerStateManager keeps it: per producer id its epoch, last
/// five batches, coordinator epoch and open transaction; the open transactions by first offset, from which the last
/// stable offset follows. Used under the log's append lock, except <see cref="FirstUnstableOffset"/>, which readers
/// read lock-free. An append is checked first (<see cref="Prepare"/>, which changes nothing), written, then applied
/// (<see cref="Commit"/>), so a refused or failed append leaves the state as it was.
/// </summary>
internal sealed class ProducerStateManager
{
    private readonly Dictionary<long, ProducerStateEntry> _producers = [];
    private readonly SortedSet<long> _ongoing = [];
    private readonly List<StagedBatch> _staged = [];
    private readonly List<View> _views = [];
    private long _firstUnstableOffset = long.MaxValue;

    /// <summary>First offset of the oldest open transaction, or long.MaxValue.</summary>
    public long FirstUnstableOffset => Volatile.Read(ref _firstUnstableOffset);

    public int ProducerCount => _producers.Count;

    /// <summary>
    /// Checks every batch with a producer id in <paramref name="records"/> (offsets already assigned) and stages its
    /// effect. Returns true, staging nothing, when a client's batch repeats one of its producer's retained batches:
    /// <paramref name="duplicate"/> is that batch.
    /// </summary>
    /// <exception cref="ProducerAppendException">A batch is refused; nothing is staged.</exception>
    public bool Prepare(ReadOnlySpan<byte> records, AppendOrigin origin, out BatchMetadata duplicate)
    {
        _staged.Clear();
        _views.Clear();
        duplicate = default;
        int at = 0;
        while (at < records.Length)
        {
            ReadOnlySpan<byte> batch = records[at..];
            RecordBatchHeader header = RecordBatchHeader.Read(batch);
            at += (int)header.TotalSize;
            if (header.ProducerId >= 0 && PrepareBatch(header, batch[..(int)header.TotalSize], origin, out duplicate))
            {
                _staged.Clear();
                return true;
            }
        }

        return false;
    }

    /// <summary>As <see cref="Prepare"/> for one batch; for data batches only the header part of <paramref name="batch"/> is read.</summary>
    public bool PrepareBatch(in RecordBatchHeader header, ReadOnlySpan<byte> batch, AppendOrigin origin, out BatchMetadata duplicate)
    {
        duplicate = default;
        int viewIndex = FindView(header.ProducerId);
        if (header.IsControl)
        {
            // A control batch other than a transaction marker (or an empty one) changes no producer state.
            if (ControlRecordReader.TryReadEndTxnMarker(batch, out ControlRecordType type, out int coordinatorEpoch))
            {
                StageMarker(header, type == ControlRecordType.Commit, coordinatorEpoch, viewIndex, origin);
            }

            return false;
        }

        int lastSequence = header.BaseSequence == RecordBatchHeader.NoSequence
            ? RecordBatchHeader.NoSequence
            : ProducerSequence.Increment(header.BaseSequence, header.LastOffsetDelta);
        if (origin == AppendOrigin.Client
            && _producers.TryGetValue(header.ProducerId, out ProducerStateEntry? entry)
            && entry.TryFindDuplicate(header.ProducerEpoch, header.BaseSequence, lastSequence, out duplicate))
        {
            return true;
        }

        StageData(header, lastSequence, viewIndex, origin);
        return false;
    }

    /// <summary>
    /// Applies what was staged. ABORT markers that close a transaction add an entry to <paramref name="index"/>, the
    /// index of the segment that holds them. A transaction opened here lowers the first unstable offset at once
    /// (before the log end moves past it); one closed here raises it only in <see cref="PublishStable"/>.
    /// </summary>
    public void Commit(TransactionIndex index)
    {
        foreach (StagedBatch staged in _staged)
        {
            Apply(staged, index);
        }

        _staged.Clear();
        long first = OngoingMin;
        if (first < _firstUnstableOffset)
        {
            Volatile.Write(ref _firstUnstableOffset, first);
        }
    }

    /// <summary>Applies one batch read back from the log, refusing nothing (recovery).</summary>
    public void Replay(in RecordBatchHeader header, ReadOnlySpan<byte> batch, TransactionIndex index)
    {
        _staged.Clear();
        _views.Clear();
        PrepareBatch(header, batch, AppendOrigin.Replication, out _);
        Commit(index);
    }

    /// <summary>Publishes the first unstable offset; called once the log end covers everything committed.</summary>
    public void PublishStable() => Volatile.Write(ref _firstUnstableOffset, OngoingMin);

    /// <summary>Replaces the state with a snapshot's entries.</summary>
    public void Load(List<ProducerStateEntry> entries)
    {
        _producers.Clear();
        _ongoing.Clear();
        foreach (ProducerStateEntry entry in entries)
        {
            _producers[entry.ProducerId] = entry;
            if (entry.CurrentTxnFirstOffset >= 0)
            {
                _ongoing.Add(entry.CurrentTxnFirstOffset);
            }
        }

        PublishStable();
    }

    public void WriteSnapshot(string path, bool fsync) => ProducerSnapshotFile.Write(path, _producers.Values, fsync);

    /// <summary>Removes producers with no open transaction whose last write is at least <paramref name="expirationMs"/> old.</summary>
    public int RemoveExpired(long nowMs, long expirationMs)
    {
        List<long>? expired = null;
        foreach (ProducerStateEntry entry in _producers.Values)
        {
            if (entry.CurrentTxnFirstOffset < 0 && nowMs - entry.LastTimestamp >= expirationMs)
            {
                (expired ??= []).Add(entry.ProducerId);
            }
        }

        foreach (long producerId in expired ?? [])
        {
            _producers.Remove(producerId);
        }

        return expired?.Count ?? 0;
    }

    public List<ProducerStateInfo> ActiveProducers()
    {
        var infos = new List<ProducerStateInfo>(_producers.Count);
        foreach (ProducerStateEntry entry in _producers.Values)
        {
            infos.Add(entry.ToInfo());
        }

        return infos;
    }

    private long OngoingMin => _ongoing.Count == 0 ? long.MaxValue : _ongoing.Min;

    private void StageData(in RecordBatchHeader header, int lastSequence, int viewIndex, AppendOrigin origin)
    {
        View view = _views[viewIndex];
        short epoch = header.ProducerEpoch;
        if (origin != AppendOrigin.Replication)
        {
            CheckEpoch(header, view);
            if (origin == AppendOrigin.Client)
            {
                CheckSequence(header, view);
            }
        }

        if (epoch != view.Epoch)
        {
            view.Epoch = epoch;
            view.HasBatches = false;
        }

        view.HasBatches = true;
        view.LastSequence = lastSequence;
        if (view.TxnFirstOffset >= 0 && !header.IsTransactional && origin != AppendOrigin.Replication)
        {
            throw new ProducerAppendException(
                ProducerAppendError.InvalidTxnState,
                $"Producer {header.ProducerId} wrote a non-transactional batch at offset {header.BaseOffset} while its transaction from offset {view.TxnFirstOffset} is open.");
        }

        if (view.TxnFirstOffset < 0 && header.IsTransactional)
        {
            view.TxnFirstOffset = header.BaseOffset;
        }

        _views[viewIndex] = view;
        _staged.Add(new StagedBatch(header.ProducerId, epoch, header.BaseOffset, header.LastOffset, lastSequence, header.MaxTimestamp, header.IsTransactional, false, false, -1));
    }

    private void StageMarker(in RecordBatchHeader header, bool commit, int coordinatorEpoch, int viewIndex, AppendOrigin origin)
    {
        View view = _views[viewIndex];
        if (origin != AppendOrigin.Replication)
        {
            CheckEpoch(header, view);
            if (view.CoordinatorEpoch > coordinatorEpoch)
            {
                throw new ProducerAppendException(
                    ProducerAppendError.TransactionCoordinatorFenced,
                    $"Marker for producer {header.ProducerId} comes from coordinator epoch {coordinatorEpoch}, older than {view.CoordinatorEpoch}.");
            }
        }

        if (header.ProducerEpoch != view.Epoch)
        {
            view.Epoch = header.ProducerEpoch;
            view.HasBatches = false;
        }

        view.CoordinatorEpoch = coordinatorEpoch;
        view.TxnFirstOffset = -1;
        _views[viewIndex] = view;
        _staged.Add(new StagedBatch(header.ProducerId, header.ProducerEpoch, header.BaseOffset, header.LastOffset, -1, header.MaxTimestamp, true, true, commit, coordinatorEpoch));
    }

    private static void CheckEpoch(in RecordBatchHeader header, in View view)
    {
        if (header.ProducerEpoch < view.Epoch)
        {
            throw new ProducerAppendException(
                ProducerAppendError.InvalidProducerEpoch,
                $"Producer {header.ProducerId} has epoch {header.ProducerEpoch} at offset {header.BaseOffset}, older than the epoch {view.Epoch} seen.");
        }
    }

    // As Kafka since 2.5 (KIP-360): a producer this partition knows nothing of may start at any sequence; a known
    // producer's new epoch starts at 0; within an epoch each batch follows the last one.
    private static void CheckSequence(in RecordBatchHeader header, in View view)
    {
        int first = header.BaseSequence;
        if (header.ProducerEpoch != view.Epoch)
        {
            if (first != 0 && view.Epoch != RecordBatchHeader.NoProducerEpoch)
            {
                throw new ProducerAppendException(
                    ProducerAppendError.OutOfOrderSequence,
                    $"Producer {header.ProducerId} starts epoch {header.ProducerEpoch} at sequence {first}, not 0 (current epoch {view.Epoch}).");
            }

            return;
        }

        int last = view.HasBatches ? view.LastSequence
            : header.ProducerEpoch == view.CurrentEpoch ? view.CurrentLastSequence
            : RecordBatchHeader.NoSequence;
        if (view.CurrentEpoch != RecordBatchHeader.NoProducerEpoch && !ProducerSequence.Follows(last, first))
        {
            throw new ProducerAppendException(
                ProducerAppendError.OutOfOrderSequence,
                $"Producer {header.ProducerId} sent sequence {first} at offset {header.BaseOffset}; the last written is {last}.");
        }
    }

    private void Apply(in StagedBatch staged, TransactionIndex index)
    {
        if (!_producers.TryGetValue(staged.ProducerId, out ProducerStateEntry? entry))
        {
            entry = new ProducerStateEntry(staged.ProducerId);
            _producers.Add(staged.ProducerId, entry);
        }

        if (!staged.IsMarker)
        {
            entry.AddBatch(staged.Epoch, new BatchMetadata(staged.LastSequence, staged.LastOffset, (int)(staged.LastOffset - staged.FirstOffset), staged.Timestamp));
            if (staged.IsTransactional && entry.CurrentTxnFirstOffset < 0)
            {
                entry.CurrentTxnFirstOffset = staged.FirstOffset;
                _ongoing.Add(staged.FirstOffset);
            }

            return;
        }

        entry.SetEpoch(staged.Epoch);
        entry.CoordinatorEpoch = staged.CoordinatorEpoch;
        entry.LastTimestamp = staged.Timestamp;
        long txnFirst = entry.CurrentTxnFirstOffset;
        entry.CurrentTxnFirstOffset = -1;
        if (txnFirst < 0)
        {
            // Kafka writes a marker for a producer with nothing open too; it leaves no index entry.
            return;
        }

        _ongoing.Remove(txnFirst);
        if (!staged.Commit)
        {
            // The last stable offset once this transaction is done: the oldest transaction still open, or past the marker.
            index.Append(new AbortedTransaction(staged.ProducerId, txnFirst, staged.FirstOffset, Math.Min(OngoingMin, staged.FirstOffset + 1)));
        }
    }

    private int FindView(long producerId)
    {
        for (int i = 0; i < _views.Count; i++)
        {
            if (_views[i].ProducerId == producerId)
            {
                return i;
            }
        }

        ProducerStateEntry? entry = _producers.GetValueOrDefault(producerId);
        short epoch = entry?.Epoch ?? RecordBatchHeader.NoProducerEpoch;
        _views.Add(new View
        {
            ProducerId = producerId,
            CurrentEpoch = epoch,
            CurrentLastSequence = entry?.LastSequence ?? RecordBatchHeader.NoSequence,
            Epoch = epoch,
            LastSequence = RecordBatchHeader.NoSequence,
            TxnFirstOffset = entry?.CurrentTxnFirstOffset ?? -1,
            CoordinatorEpoch = entry?.CoordinatorEpoch ?? -1,
        });
        return _views.Count - 1;
    }

    // A producer as the batches checked so far in this append leave it; Current* are from before the append.
    private struct View
    {
        public long ProducerId;
        public short CurrentEpoch;
        public int CurrentLastSequence;
        public short Epoch;
        public bool HasBatches;
        public int LastSequence;
        public long TxnFirstOffset;
        public int CoordinatorEpoch;
    }

    private readonly record struct StagedBatch(
        long ProducerId,
        short Epoch,
        long FirstOffset,
        long LastOffset,
        int LastSequence,
        long Timestamp,
        bool IsTransactional,
        bool IsMarker,
        bool Commit,
        int CoordinatorEpoch);
}
