using System.Collections.Immutable;
using KafkaNet.Broker.Metadata;
using KafkaNet.Protocol;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Replication;

/// <summary>
/// The leader side of one partition's ISR replication under one leader epoch: the followers' fetch state, the
/// committed ISR and the change proposed to the controller, and the high watermark, the lowest log end offset of the
/// maximal ISR (the committed ISR with any proposed additions, as Kafka computes it). While the maximal ISR is this
/// node alone the log raises the high watermark itself on each append, so a single node pays nothing for it.
/// </summary>
public sealed class PartitionLeaderState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, FollowerState> _followers = [];
    private readonly List<(long Offset, int MinIsr, TaskCompletionSource<ErrorCode> Done)> _acks = [];
    private readonly Action<TopicPartition> _highWatermarkMoved;
    private readonly Action<TopicPartition>? _logGrew;
    private ImmutableArray<int> _pendingIsr;
    private bool _stopped;

    internal PartitionLeaderState(
        TopicPartition partition, Guid topicId, PartitionLog log, int nodeId, PartitionRegistration registration, long nowMs, Action<TopicPartition> highWatermarkMoved,
        Action<TopicPartition>? logGrew = null)
    {
        _logGrew = logGrew;
        Partition = partition;
        TopicId = topicId;
        Log = log;
        NodeId = nodeId;
        LeaderEpoch = registration.LeaderEpoch;
        PartitionEpoch = registration.PartitionEpoch;
        Replicas = registration.Replicas;
        Isr = registration.Isr;
        _highWatermarkMoved = highWatermarkMoved;
        LeaderEpochStartOffset = log.LogEndOffset;
        foreach (int replica in Replicas.Where(r => r != nodeId))
        {
            // ISR members count as caught up now, so a new leader does not drop them before they fetch.
            _followers[replica] = new FollowerState { LastCaughtUpTimeMs = Isr.Contains(replica) ? nowMs : 0 };
        }
        lock (_gate)
        {
            FollowMaximalIsr();
        }
    }

    public TopicPartition Partition { get; }

    public Guid TopicId { get; }

    public PartitionLog Log { get; }

    public int NodeId { get; }

    public int LeaderEpoch { get; }

    /// <summary>The partition epoch of the ISR in force: the metadata's, or an accepted AlterPartition's.</summary>
    public int PartitionEpoch { get; private set; }

    /// <summary>The log end offset when this node became leader: a follower must reach it to join the ISR.</summary>
    public long LeaderEpochStartOffset { get; }

    public ImmutableArray<int> Replicas { get; private set; }

    /// <summary>The committed ISR.</summary>
    public ImmutableArray<int> Isr { get; private set; }

    /// <summary>The ISR proposed to the controller and not answered yet (or refused until new metadata); default when none.</summary>
    public ImmutableArray<int> PendingIsr
    {
        get
        {
            lock (_gate)
            {
                return _pendingIsr;
            }
        }
    }

    /// <summary>The committed ISR with any proposed additions: what the high watermark waits for.</summary>
    public ImmutableArray<int> MaximalIsr
    {
        get
        {
            lock (_gate)
            {
                return MaximalIsrLocked();
            }
        }
    }

    /// <summary>A follower's log end offset as its last fetch told; -1 when unknown or not a follower.</summary>
    public long FollowerLogEndOffset(int replicaId)
    {
        lock (_gate)
        {
            return _followers.TryGetValue(replicaId, out var follower) ? follower.LogEndOffset : -1;
        }
    }

    /// <summary>
    /// Records a follower's fetch at <paramref name="fetchOffset"/> (its log end offset) and moves the high watermark.
    /// NOT_LEADER_OR_FOLLOWER when <paramref name="replicaId"/> is not a replica, as Kafka answers. Sets
    /// <paramref name="expandTo"/> when the follower caught up and should join the ISR.
    /// </summary>
    public ErrorCode RecordFetch(int replicaId, long replicaEpoch, long fetchOffset, long nowMs, out ImmutableArray<int> expandTo)
    {
        expandTo = default;
        List<(TaskCompletionSource<ErrorCode>, ErrorCode)>? done;
        bool moved;
        lock (_gate)
        {
            if (!_followers.TryGetValue(replicaId, out var follower))
            {
                return ErrorCode.NotLeaderOrFollower;
            }
            follower.Fetched(fetchOffset, Log.LogEndOffset, replicaEpoch, nowMs);
            var maximal = MaximalIsrLocked();
            if (!_stopped && _pendingIsr.IsDefault && !maximal.Contains(replicaId)
                && fetchOffset >= Log.HighWatermark && fetchOffset >= LeaderEpochStartOffset)
            {
                expandTo = [.. Isr, replicaId];
            }
            moved = AdvanceLocked(out done);
        }
        Complete(done, moved);
        return ErrorCode.None;
    }

    /// <summary>
    /// The ISR without the followers that have not caught up within <paramref name="lagTimeMaxMs"/>; default when
    /// nothing is to change or a change is already in flight.
    /// </summary>
    public ImmutableArray<int> ShrinkCandidate(long nowMs, long lagTimeMaxMs)
    {
        lock (_gate)
        {
            if (_stopped || !_pendingIsr.IsDefault)
            {
                return default;
            }
            long leaderEnd = Log.LogEndOffset;
            var keep = Isr.Where(r => r == NodeId || !_followers.TryGetValue(r, out var f)
                || f.LogEndOffset == leaderEnd || nowMs - f.LastCaughtUpTimeMs <= lagTimeMaxMs).ToImmutableArray();
            return keep.Length == Isr.Length ? default : keep;
        }
    }

    /// <summary>Marks <paramref name="isr"/> as proposed; false when another change is in flight.</summary>
    internal bool Propose(ImmutableArray<int> isr)
    {
        lock (_gate)
        {
            if (_stopped || !_pendingIsr.IsDefault)
            {
                return false;
            }
            _pendingIsr = isr;
            FollowMaximalIsr();
            return true;
        }
    }

    /// <summary>The broker epochs for an AlterPartition v3 of <paramref name="isr"/>: this node's and each follower's last.</summary>
    internal long BrokerEpochOf(int replicaId, long ownEpoch)
    {
        lock (_gate)
        {
            return replicaId == NodeId ? ownEpoch : _followers.TryGetValue(replicaId, out var f) ? f.BrokerEpoch : -1;
        }
    }

    /// <summary>The controller accepted the change: its ISR and partition epoch hold until the metadata catches up.</summary>
    internal void Accepted(ImmutableArray<int> isr, int leaderEpoch, int partitionEpoch)
    {
        List<(TaskCompletionSource<ErrorCode>, ErrorCode)>? done;
        bool moved;
        lock (_gate)
        {
            _pendingIsr = default;
            if (leaderEpoch == LeaderEpoch && partitionEpoch > PartitionEpoch)
            {
                (Isr, PartitionEpoch) = (isr, partitionEpoch);
            }
            FollowMaximalIsr();
            moved = AdvanceLocked(out done);
        }
        Complete(done, moved);
    }

    /// <summary>The change was not applied and may be tried again at the next check.</summary>
    internal void Abandoned()
    {
        lock (_gate)
        {
            _pendingIsr = default;
            FollowMaximalIsr();
        }
    }

    /// <summary>New metadata for the same leader epoch: a newer partition epoch replaces the ISR and ends any proposal.</summary>
    internal void Update(PartitionRegistration registration, long nowMs)
    {
        List<(TaskCompletionSource<ErrorCode>, ErrorCode)>? done;
        bool moved;
        lock (_gate)
        {
            if (registration.PartitionEpoch <= PartitionEpoch && _pendingIsr.IsDefault)
            {
                return;
            }
            if (registration.PartitionEpoch >= PartitionEpoch)
            {
                (Isr, Replicas, PartitionEpoch) = (registration.Isr, registration.Replicas, registration.PartitionEpoch);
                _pendingIsr = default;
            }
            foreach (int replica in Replicas.Where(r => r != NodeId && !_followers.ContainsKey(r)))
            {
                _followers[replica] = new FollowerState { LastCaughtUpTimeMs = Isr.Contains(replica) ? nowMs : 0 };
            }
            foreach (int gone in _followers.Keys.Where(r => !Replicas.Contains(r)).ToList())
            {
                _followers.Remove(gone);
            }
            FollowMaximalIsr();
            moved = AdvanceLocked(out done);
        }
        Complete(done, moved);
    }

    /// <summary>
    /// Completes when the high watermark reaches <paramref name="offset"/>: NONE, or NOT_ENOUGH_REPLICAS_AFTER_APPEND
    /// when the maximal ISR is then smaller than <paramref name="minIsr"/>; NOT_LEADER_OR_FOLLOWER if leadership ends first.
    /// </summary>
    public Task<ErrorCode> WaitForHighWatermarkAsync(long offset, int minIsr)
    {
        Task<ErrorCode> waiting;
        lock (_gate)
        {
            if (_stopped)
            {
                return Task.FromResult(ErrorCode.NotLeaderOrFollower);
            }
            if (Log.HighWatermark >= offset)
            {
                return Task.FromResult(Verdict(minIsr));
            }
            var done = new TaskCompletionSource<ErrorCode>(TaskCreationOptions.RunContinuationsAsynchronously);
            _acks.Add((offset, minIsr, done));
            waiting = done.Task;
        }
        // Whoever waits appended first (coordinators write without a produce request): followers long-polling
        // the log end must hear of it now, not at their fetch timeout. Outside the gate: a woken fetch records here.
        _logGrew?.Invoke(Partition);
        return waiting;
    }

    /// <summary>Leadership ended: waiting produce requests are answered NOT_LEADER_OR_FOLLOWER.</summary>
    internal void Stop()
    {
        List<TaskCompletionSource<ErrorCode>> waiting;
        lock (_gate)
        {
            _stopped = true;
            waiting = [.. _acks.Select(a => a.Done)];
            _acks.Clear();
        }
        foreach (var done in waiting)
        {
            done.TrySetResult(ErrorCode.NotLeaderOrFollower);
        }
    }

    private ImmutableArray<int> MaximalIsrLocked() =>
        _pendingIsr.IsDefault ? Isr : [.. Isr, .. _pendingIsr.Where(r => !Isr.Contains(r))];

    private ErrorCode Verdict(int minIsr) => MaximalIsrLocked().Length < minIsr ? ErrorCode.NotEnoughReplicasAfterAppend : ErrorCode.None;

    // The log raises the watermark on its own while this node is the only member that counts.
    private void FollowMaximalIsr()
    {
        var maximal = MaximalIsrLocked();
        Log.HighWatermarkFollowsLogEnd = !_stopped && maximal.Length == 1 && maximal[0] == NodeId;
    }

    // Under the gate: the lowest log end offset of the maximal ISR becomes the high watermark when it is higher.
    private bool AdvanceLocked(out List<(TaskCompletionSource<ErrorCode>, ErrorCode)>? done)
    {
        done = null;
        long before = Log.HighWatermark;
        long candidate = Log.LogEndOffset;
        foreach (int member in MaximalIsrLocked())
        {
            if (member != NodeId)
            {
                candidate = Math.Min(candidate, _followers.TryGetValue(member, out var f) ? f.LogEndOffset : -1);
            }
        }
        if (candidate > before)
        {
            Log.UpdateHighWatermark(candidate);
        }
        long now = Log.HighWatermark;
        for (int i = _acks.Count - 1; i >= 0; i--)
        {
            if (_acks[i].Offset <= now)
            {
                (done ??= []).Add((_acks[i].Done, Verdict(_acks[i].MinIsr)));
                _acks.RemoveAt(i);
            }
        }
        return now > before;
    }

    private void Complete(List<(TaskCompletionSource<ErrorCode> Done, ErrorCode Error)>? done, bool moved)
    {
        if (moved)
        {
            _highWatermarkMoved(Partition);
        }
        foreach (var (tcs, error) in done ?? [])
        {
            tcs.TrySetResult(error);
        }
    }
}
