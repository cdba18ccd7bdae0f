using KafkaNet.Protocol;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Transactions;

/// <summary>
/// One transactional id: its producer id and epoch and its transaction. Every change is prepared as a
/// <see cref="TransactionTransit"/> (which sets <see cref="PendingState"/>, so a second change waits), written to
/// __transaction_state, then applied with <see cref="Complete"/>. Guarded by its shard's lock.
/// </summary>
internal sealed class TransactionMetadata
{
    public const long NoProducerId = -1;
    public const short NoProducerEpoch = -1;

    /// <summary>Transaction version 2 (KIP-890): every EndTxn bumps the epoch.</summary>
    public const short TransactionVersion2 = 2;

    public TransactionMetadata(string transactionalId, long producerId, int timeoutMs, long now)
    {
        TransactionalId = transactionalId;
        ProducerId = producerId;
        TimeoutMs = timeoutMs;
        LastUpdateTimestamp = now;
    }

    public string TransactionalId { get; }

    public long ProducerId { get; set; }

    public long PreviousProducerId { get; set; } = NoProducerId;

    public long NextProducerId { get; set; } = NoProducerId;

    public short ProducerEpoch { get; set; } = NoProducerEpoch;

    /// <summary>The epoch before the last bump, so a retried InitProducerId (KIP-360) gets the same answer.</summary>
    public short LastProducerEpoch { get; set; } = NoProducerEpoch;

    public int TimeoutMs { get; set; }

    public TransactionState State { get; set; } = TransactionState.Empty;

    /// <summary>The state being written; while set, other changes answer CONCURRENT_TRANSACTIONS.</summary>
    public TransactionState? PendingState { get; set; }

    public HashSet<TopicPartition> Partitions { get; } = [];

    /// <summary>When the first partition joined the transaction; -1 without one.</summary>
    public long StartTimestamp { get; set; } = -1;

    public long LastUpdateTimestamp { get; set; }

    public short ClientTransactionVersion { get; set; }

    /// <summary>A fencing bump was not written: the next fence keeps the epoch instead of bumping it again.</summary>
    public bool HasFailedEpochFence { get; set; }

    public bool HasPendingTransition => PendingState is not null;

    /// <summary>No epoch is left to hand out: the last one is kept so the coordinator can always fence.</summary>
    public static bool IsEpochExhausted(short epoch) => epoch >= short.MaxValue - 1;

    public bool IsEpochExhausted() => IsEpochExhausted(ProducerEpoch);

    public bool UsesTransactionVersion2 => ClientTransactionVersion >= TransactionVersion2;

    /// <summary>Bumps the epoch to fence the current producer before its transaction is aborted.</summary>
    public TransactionTransit PrepareFenceEpoch()
    {
        if (ProducerEpoch == short.MaxValue)
        {
            throw new InvalidOperationException($"{TransactionalId}: epoch {ProducerEpoch} cannot be bumped to fence");
        }
        short epoch = HasFailedEpochFence ? ProducerEpoch : (short)(ProducerEpoch + 1);
        return Prepare(TransactionState.PrepareEpochFence, ProducerId, NoProducerId, epoch, NoProducerEpoch, TimeoutMs, Partitions.ToHashSet(),
            StartTimestamp, LastUpdateTimestamp, ClientTransactionVersion);
    }

    /// <summary>
    /// InitProducerId's bump. With the epoch the producer last had (KIP-360): the same epoch bumps again, the
    /// previous one is a retry of a bump that succeeded and gets the current one, any other is PRODUCER_FENCED.
    /// </summary>
    public TransactionTransit? PrepareIncrementEpoch(int timeoutMs, short? expectedEpoch, long now, out ErrorCode error)
    {
        if (IsEpochExhausted())
        {
            throw new InvalidOperationException($"{TransactionalId}: producer {ProducerId} has no epoch left");
        }
        short bumped = (short)(ProducerEpoch + 1);
        (short Epoch, short Last) next;
        if (expectedEpoch is not { } expected)
        {
            next = (bumped, NoProducerEpoch);
        }
        else if (ProducerEpoch == NoProducerEpoch || expected == ProducerEpoch)
        {
            next = (bumped, ProducerEpoch);
        }
        else if (expected == LastProducerEpoch)
        {
            next = (ProducerEpoch, LastProducerEpoch);
        }
        else
        {
            error = ErrorCode.ProducerFenced;
            return null;
        }
        error = ErrorCode.None;
        return Prepare(TransactionState.Empty, ProducerId, NoProducerId, next.Epoch, next.Last, timeoutMs, new HashSet<TopicPartition>(), -1, now,
            ClientTransactionVersion);
    }

    /// <summary>The epochs of the producer id ran out: continue with a new producer id at epoch 0.</summary>
    public TransactionTransit PrepareProducerIdRotation(long newProducerId, int timeoutMs, long now, bool keepLastEpoch) =>
        Prepare(TransactionState.Empty, newProducerId, NoProducerId, 0, keepLastEpoch ? ProducerEpoch : NoProducerEpoch, timeoutMs,
            new HashSet<TopicPartition>(), -1, now, ClientTransactionVersion);

    public TransactionTransit PrepareAddPartitions(IEnumerable<TopicPartition> added, long now, short clientTransactionVersion)
    {
        bool starts = State is TransactionState.Empty or TransactionState.CompleteCommit or TransactionState.CompleteAbort;
        var partitions = Partitions.ToHashSet();
        partitions.UnionWith(added);
        return Prepare(TransactionState.Ongoing, ProducerId, NoProducerId, ProducerEpoch, LastProducerEpoch, TimeoutMs, partitions,
            starts ? now : StartTimestamp, now, clientTransactionVersion);
    }

    /// <summary>PrepareCommit or PrepareAbort; with transaction version 2 the epoch is bumped here (KIP-890).</summary>
    public TransactionTransit PrepareEnd(TransactionState next, short clientTransactionVersion, long nextProducerId, long now)
    {
        bool bump = clientTransactionVersion >= TransactionVersion2;
        short epoch = bump ? (short)(ProducerEpoch + 1) : ProducerEpoch;
        short last = bump ? ProducerEpoch : LastProducerEpoch;
        return Prepare(next, ProducerId, nextProducerId, epoch, last, TimeoutMs, Partitions.ToHashSet(), StartTimestamp, now, clientTransactionVersion);
    }

    /// <summary>CompleteCommit or CompleteAbort once every marker is written; an exhausted epoch moves to the next producer id.</summary>
    public TransactionTransit PrepareComplete(long now)
    {
        var next = State == TransactionState.PrepareCommit ? TransactionState.CompleteCommit : TransactionState.CompleteAbort;
        HasFailedEpochFence = false;
        bool rotate = UsesTransactionVersion2 && NextProducerId != NoProducerId;
        return Prepare(next, rotate ? NextProducerId : ProducerId, NoProducerId, rotate ? (short)0 : ProducerEpoch, ProducerEpoch, TimeoutMs,
            new HashSet<TopicPartition>(), StartTimestamp, now, ClientTransactionVersion);
    }

    /// <summary>The transactional id expired: a tombstone removes it.</summary>
    public TransactionTransit PrepareDead() =>
        Prepare(TransactionState.Dead, ProducerId, NoProducerId, ProducerEpoch, LastProducerEpoch, TimeoutMs, new HashSet<TopicPartition>(),
            StartTimestamp, LastUpdateTimestamp, ClientTransactionVersion);

    /// <summary>Applies a transition whose record is durable.</summary>
    public void Complete(TransactionTransit transit)
    {
        if (PendingState != transit.State)
        {
            throw new InvalidOperationException($"{TransactionalId}: completing {transit.State} while {PendingState?.ToString() ?? "nothing"} is pending");
        }
        switch (transit.State)
        {
            case TransactionState.Empty:
                TimeoutMs = transit.TimeoutMs;
                ProducerEpoch = transit.ProducerEpoch;
                LastProducerEpoch = transit.LastProducerEpoch;
                ProducerId = transit.ProducerId;
                PreviousProducerId = transit.PreviousProducerId;
                break;
            case TransactionState.Ongoing:
                StartTimestamp = transit.StartTimestamp;
                Partitions.UnionWith(transit.Partitions);
                break;
            case TransactionState.PrepareCommit or TransactionState.PrepareAbort when transit.ClientTransactionVersion >= TransactionVersion2:
                ProducerEpoch = transit.ProducerEpoch;
                LastProducerEpoch = transit.LastProducerEpoch;
                NextProducerId = transit.NextProducerId;
                break;
            case TransactionState.CompleteCommit or TransactionState.CompleteAbort:
                StartTimestamp = transit.StartTimestamp;
                Partitions.Clear();
                if (transit.ClientTransactionVersion >= TransactionVersion2)
                {
                    ProducerEpoch = transit.ProducerEpoch;
                    LastProducerEpoch = transit.LastProducerEpoch;
                    PreviousProducerId = transit.PreviousProducerId;
                    ProducerId = transit.ProducerId;
                    NextProducerId = transit.NextProducerId;
                }
                break;
        }
        ClientTransactionVersion = transit.ClientTransactionVersion;
        LastUpdateTimestamp = transit.LastUpdateTimestamp;
        PendingState = null;
        State = transit.State;
    }

    private TransactionTransit Prepare(TransactionState state, long producerId, long nextProducerId, short epoch, short lastEpoch, int timeoutMs,
        HashSet<TopicPartition> partitions, long startTimestamp, long now, short clientTransactionVersion)
    {
        if (PendingState is { } pending)
        {
            throw new InvalidOperationException($"{TransactionalId}: preparing {state} while {pending} is pending");
        }
        if (!TransactionStates.CanFollow(State, state))
        {
            throw new InvalidOperationException($"{TransactionalId}: {state} cannot follow {State}");
        }
        PendingState = state;
        return new TransactionTransit(producerId, ProducerId, nextProducerId, epoch, lastEpoch, timeoutMs, state, partitions, startTimestamp, now,
            clientTransactionVersion);
    }
}
