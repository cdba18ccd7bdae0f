namespace KafkaNet.Storage.Producers;

/// <summary>What a partition keeps of one producer: its epoch, its last five batches, its open transaction.</summary>
internal sealed class ProducerStateEntry
{
    /// <summary>Batches remembered per producer, as Kafka (and the client's max.in.flight limit of 5).</summary>
    public const int BatchesRetained = 5;

    private readonly BatchMetadata[] _batches = new BatchMetadata[BatchesRetained];
    private int _first;

    public ProducerStateEntry(long producerId) => ProducerId = producerId;

    public long ProducerId { get; }

    public short Epoch { get; set; } = -1;

    public int CoordinatorEpoch { get; set; } = -1;

    public long LastTimestamp { get; set; } = -1;

    /// <summary>First offset of the open transaction on this partition, or -1.</summary>
    public long CurrentTxnFirstOffset { get; set; } = -1;

    public int BatchCount { get; private set; }

    public bool HasBatches => BatchCount > 0;

    public BatchMetadata LastBatch => _batches[(_first + BatchCount - 1) % BatchesRetained];

    public int LastSequence => HasBatches ? LastBatch.LastSequence : -1;

    /// <summary>A new epoch forgets the batches of the old one.</summary>
    public void SetEpoch(short epoch)
    {
        if (epoch != Epoch)
        {
            Epoch = epoch;
            BatchCount = 0;
            _first = 0;
        }
    }

    public void AddBatch(short epoch, BatchMetadata batch)
    {
        SetEpoch(epoch);
        if (BatchCount == BatchesRetained)
        {
            _first = (_first + 1) % BatchesRetained;
            BatchCount--;
        }

        _batches[(_first + BatchCount) % BatchesRetained] = batch;
        BatchCount++;
        LastTimestamp = batch.Timestamp;
    }

    /// <summary>The retained batch of this epoch with exactly this sequence range, if any.</summary>
    public bool TryFindDuplicate(short epoch, int firstSequence, int lastSequence, out BatchMetadata batch)
    {
        if (epoch == Epoch)
        {
            for (int i = 0; i < BatchCount; i++)
            {
                batch = _batches[(_first + i) % BatchesRetained];
                if (batch.LastSequence == lastSequence && batch.FirstSequence == firstSequence)
                {
                    return true;
                }
            }
        }

        batch = default;
        return false;
    }

    public ProducerStateInfo ToInfo() => new(ProducerId, Epoch, LastSequence, LastTimestamp, CoordinatorEpoch, CurrentTxnFirstOffset);
}
