using KafkaNet.Cluster.Network;
using KafkaNet.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Cluster.Replication;

/// <summary>
/// The follower side of partition replication (Kafka's ReplicaFetcherManager): followed partitions are fetched
/// from their leaders by fetch loops, one per (leader, fetcher index), each over its own connection; the leader's
/// batches are appended as they are and the high watermark follows the leader's.
/// </summary>
public sealed class ReplicaFetcherManager : IAsyncDisposable
{
    private static readonly TimeSpan SlowApplyWarning = TimeSpan.FromSeconds(5);

    private readonly FetcherContext context;
    private readonly Func<string, int, PartitionLog?> findLog;
    private readonly Lock control = new();
    private readonly Dictionary<(string Topic, int Partition), PartitionFetchState> partitions = [];
    private readonly Dictionary<(int Leader, int Index), FetcherLoop> loops = [];
    private readonly List<Task> stopping = [];
    private bool disposed;

    public ReplicaFetcherManager(ReplicaFetcherOptions options, Func<int, NodeAddress?> resolveBroker, Func<string, int, PartitionLog?> findLog, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolveBroker);
        ArgumentNullException.ThrowIfNull(findLog);
        this.findLog = findLog;
        loggerFactory ??= NullLoggerFactory.Instance;
        context = new FetcherContext(options, resolveBroker, findLog, RaiseAppended, loggerFactory, loggerFactory.CreateLogger<ReplicaFetcherManager>());
    }

    /// <summary>Raised (on a fetch loop) after records were appended or the high watermark moved.</summary>
    public event Action<string, int>? Appended;

    public IReadOnlyCollection<FollowedPartition> Partitions
    {
        get
        {
            lock (control)
                return [.. partitions.Values.Select(p => p.Snapshot())];
        }
    }

    /// <summary>
    /// Starts following a partition, or moves it to a new leader or epoch. The same leader and epoch again changes
    /// nothing; an older epoch is ignored. A paused or failed partition fetches again only with a newer epoch.
    /// </summary>
    public void Follow(string topic, Guid topicId, int partition, int leaderId, int leaderEpoch)
    {
        ArgumentNullException.ThrowIfNull(topic);
        lock (control)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            bool known = partitions.TryGetValue((topic, partition), out var state);
            state ??= new PartitionFetchState(topic, partition);
            int fetchers = context.Options.NumReplicaFetchers;
            int previousLeader;
            // Held while a response is applied: the move waits for that append, and later responses are dropped.
            WaitForResponseApplied(state);
            try
            {
                if (known && (leaderEpoch < state.LeaderEpoch
                    || (leaderEpoch == state.LeaderEpoch && leaderId == state.LeaderId && topicId == state.TopicId)))
                    return;
                previousLeader = state.LeaderId;
                state.TopicId = topicId;
                state.LeaderId = leaderId;
                state.LeaderEpoch = leaderEpoch;
                state.Generation++;
                state.Status = FollowedPartitionStatus.Fetching;
                state.LastError = null;
                state.FetchOffset = findLog(topic, partition)?.LogEndOffset ?? 0;
            }
            finally
            {
                state.Gate.Release();
            }

            if (known && previousLeader != leaderId)
                Detach(state, previousLeader, fetchers);
            partitions[(topic, partition)] = state;
            int index = state.FetcherIndex(fetchers);
            if (!loops.TryGetValue((leaderId, index), out var loop))
            {
                loop = new FetcherLoop(context, leaderId, index);
                loops[(leaderId, index)] = loop;
            }
            loop.Add(state);
        }
    }

    /// <summary>Stops following a partition; returns once a response being applied to it is done.</summary>
    public void Unfollow(string topic, int partition)
    {
        lock (control)
        {
            if (!partitions.Remove((topic, partition), out var state))
                return;
            WaitForResponseApplied(state);
            try
            {
                state.Removed = true;
                state.Generation++;
            }
            finally
            {
                state.Gate.Release();
            }
            Detach(state, state.LeaderId, context.Options.NumReplicaFetchers);
        }
    }

    // Metadata updates wait here for a response being applied; a long wait is logged, as it holds up the metadata log.
    private void WaitForResponseApplied(PartitionFetchState state)
    {
        if (state.Gate.Wait(SlowApplyWarning))
            return;
        ReplicaFetcherLog.SlowResponseApply(context.Logger, state.Topic, state.Partition, SlowApplyWarning.TotalSeconds);
        state.Gate.Wait();
    }

    public async ValueTask DisposeAsync()
    {
        Task[] all;
        lock (control)
        {
            if (disposed)
                return;
            disposed = true;
            stopping.AddRange(loops.Values.Select(l => l.StopAsync()));
            loops.Clear();
            partitions.Clear();
            all = [.. stopping];
        }
        await Task.WhenAll(all).ConfigureAwait(false);
    }

    // Under the control lock: takes the partition out of its loop, and stops a loop left with nothing.
    private void Detach(PartitionFetchState state, int leaderId, int fetchers)
    {
        var key = (leaderId, state.FetcherIndex(fetchers));
        if (loops.TryGetValue(key, out var loop) && loop.Remove(state))
        {
            loops.Remove(key);
            stopping.RemoveAll(t => t.IsCompleted);
            stopping.Add(loop.StopAsync());
        }
    }

    private void RaiseAppended(string topic, int partition)
    {
        try
        {
            Appended?.Invoke(topic, partition);
        }
#pragma warning disable CA1031 // a subscriber's failure must not stop replication
        catch (Exception e)
#pragma warning restore CA1031
        {
            ReplicaFetcherLog.SubscriberFailed(context.Logger, topic, partition, e);
        }
    }
}
