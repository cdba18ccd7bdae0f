using System.Collections.Concurrent;
using System.Diagnostics;
using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Storage;
using KafkaNet.Broker.Tests.Groups;
using KafkaNet.Broker.Topics;
using KafkaNet.Broker.Transactions;
using KafkaNet.Protocol;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Tests.Transactions;

/// <summary>
/// A transaction coordinator over real logs in a directory, on a clock the test moves, with markers recorded
/// instead of written (the marker writer is the seam to storage). Reopening on the same directory replays
/// __transaction_state and the producer id block as a restarted broker does.
/// </summary>
internal sealed class TransactionHarness : IDisposable
{
    public const int StatePartitions = 3;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    private TransactionHarness(string directory, ManualClock clock, MarkerLog markers, Action<TransactionCoordinatorOptions>? configure)
    {
        Clock = clock;
        Markers = markers;
        Replicas = new ReplicaManager(directory, new TopicConfigResolver(new Dictionary<string, string>()), durable: false, TimeSpan.FromHours(1));
        Topics = new TopicRegistry(directory, Replicas);
        Replicas.Reconcile(Topics.Topics.Select(t => (t.Name, t.PartitionCount, (IReadOnlyDictionary<string, string>)t.Configs)));
        Groups = new GroupCoordinator(new GroupCoordinatorOptions { OffsetsTopicNumPartitions = 2 }, Topics, Replicas, clock);
        // The periodic passes stay out of the way; tests run them when the clock says so.
        Options = new TransactionCoordinatorOptions
        {
            TransactionStateLogNumPartitions = StatePartitions,
            TransactionAbortTimedOutTransactionCleanupIntervalMs = int.MaxValue,
            TransactionRemoveExpiredTransactionCleanupIntervalMs = int.MaxValue,
        };
        configure?.Invoke(Options);
        Coordinator = new TransactionCoordinator(Options, directory, Topics, Replicas, Groups, markers.WriteAsync, logger: null, clock);
    }

    public ManualClock Clock { get; }

    public MarkerLog Markers { get; }

    public ReplicaManager Replicas { get; }

    public TopicRegistry Topics { get; }

    public GroupCoordinator Groups { get; }

    public TransactionCoordinatorOptions Options { get; }

    public TransactionCoordinator Coordinator { get; }

    public static TransactionHarness Open(string directory, ManualClock? clock = null, MarkerLog? markers = null,
        Action<TransactionCoordinatorOptions>? configure = null)
    {
        var harness = OpenWhileLoading(directory, clock, markers, configure);
        harness.WaitUntil(() => harness.Coordinator.AllShardsLoaded, "the shards to load");
        return harness;
    }

    /// <summary>As <see cref="Open"/>, returning while __transaction_state may still be replaying.</summary>
    public static TransactionHarness OpenWhileLoading(string directory, ManualClock? clock = null, MarkerLog? markers = null,
        Action<TransactionCoordinatorOptions>? configure = null) =>
        new(directory, clock ?? new ManualClock(), markers ?? new MarkerLog(), configure);

    /// <summary>Creates __transaction_state as the first FindCoordinator does.</summary>
    public void FindCoordinator(string transactionalId) => Assert.Equal(ErrorCode.None, Coordinator.EnsureCoordinator(transactionalId));

    public void CreateTopic(string name, int partitions) =>
        Assert.False(Topics.Create(new TopicSpec(name, partitions, 1, []), validateOnly: false).Error.IsError);

    /// <summary>FindCoordinator and InitProducerId for a new transactional id, asserting success.</summary>
    public async Task<(long ProducerId, short Epoch)> InitAsync(string transactionalId, int timeoutMs = 60000)
    {
        FindCoordinator(transactionalId);
        var result = await Coordinator.InitProducerIdAsync(transactionalId, timeoutMs);
        Assert.Equal(ErrorCode.None, result.Error);
        return (result.ProducerId, result.ProducerEpoch);
    }

    public string StateOf(string transactionalId) => Coordinator.Describe(transactionalId).State;

    /// <summary>Waits (bounded) until the transaction of an id reaches a state, e.g. once its markers are written.</summary>
    public void WaitForState(string transactionalId, string state) =>
        WaitUntil(() => StateOf(transactionalId) == state, $"{transactionalId} to reach {state} (it is {StateOf(transactionalId)})");

    /// <summary>Records in __transaction_state, all partitions.</summary>
    public long StateTopicEnd() =>
        Enumerable.Range(0, StatePartitions).Sum(p => Replicas.Find(TopicNames.TransactionState, p)?.LogEndOffset ?? 0);

    public void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < Budget)
        {
            Thread.Sleep(10);
        }
        Assert.True(condition(), $"timed out waiting for {what}");
    }

    public void Dispose()
    {
        Coordinator.Dispose();
        Groups.Dispose();
        Replicas.Dispose();
    }

    /// <summary>
    /// The markers the coordinator asked for, in order. <see cref="Answer"/> decides each result (NONE by default);
    /// <see cref="Gate"/>, when set, holds every marker until it is opened.
    /// </summary>
    internal sealed class MarkerLog
    {
        public ConcurrentQueue<(TopicPartition Partition, long ProducerId, short Epoch, int CoordinatorEpoch, bool Commit)> Written { get; } = new();

        public Func<TopicPartition, ErrorCode> Answer { get; set; } = _ => ErrorCode.None;

        public TaskCompletionSource? Gate { get; set; }

        public async Task<ErrorCode> WriteAsync(TopicPartition partition, long producerId, short producerEpoch, int coordinatorEpoch, bool commit)
        {
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(Budget);
            }
            var answer = Answer(partition);
            if (answer == ErrorCode.None)
            {
                Written.Enqueue((partition, producerId, producerEpoch, coordinatorEpoch, commit));
            }
            return answer;
        }
    }
}
