using System.Diagnostics;
using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Storage;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Groups;

/// <summary>
/// A group coordinator over real logs in a directory, on a clock the test moves, without a network.
/// Reopening a harness on the same directory replays __consumer_offsets as a restarted broker does.
/// </summary>
internal sealed class CoordinatorHarness : IDisposable
{
    private CoordinatorHarness(string directory, ManualClock clock, Action<GroupCoordinatorOptions>? configure)
    {
        Clock = clock;
        Replicas = new ReplicaManager(directory, new TopicConfigResolver(new Dictionary<string, string>()), durable: false, TimeSpan.FromHours(1));
        Topics = new TopicRegistry(directory, Replicas);
        Replicas.Reconcile(Topics.Topics.Select(t => (t.Name, t.PartitionCount, (IReadOnlyDictionary<string, string>)t.Configs)));
        var options = new GroupCoordinatorOptions { OffsetsTopicNumPartitions = 2, GroupInitialRebalanceDelayMs = 0 };
        configure?.Invoke(options);
        Coordinator = new GroupCoordinator(options, Topics, Replicas, clock);
    }

    public ManualClock Clock { get; }

    public ReplicaManager Replicas { get; }

    public TopicRegistry Topics { get; }

    public GroupCoordinator Coordinator { get; }

    public static CoordinatorHarness Open(string directory, ManualClock? clock = null, Action<GroupCoordinatorOptions>? configure = null)
    {
        var harness = new CoordinatorHarness(directory, clock ?? new ManualClock(), configure);
        harness.WaitUntilLoaded();
        return harness;
    }

    /// <summary>Creates __consumer_offsets as the first FindCoordinator does.</summary>
    public void FindCoordinator(string groupId) => Assert.Equal(ErrorCode.None, Coordinator.EnsureCoordinator(groupId));

    public void CreateTopic(string name, int partitions) =>
        Assert.False(Topics.Create(new TopicSpec(name, partitions, 1, []), validateOnly: false).Error.IsError);

    public long OffsetsTopicEnd() =>
        Enumerable.Range(0, 2).Sum(p => Replicas.Find(TopicNames.ConsumerOffsets, p)?.LogEndOffset ?? 0);

    public void Dispose()
    {
        Coordinator.Dispose();
        Replicas.Dispose();
    }

    private void WaitUntilLoaded()
    {
        var clock = Stopwatch.StartNew();
        while (!Coordinator.AllShardsLoaded && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(10);
        }
        Assert.True(Coordinator.AllShardsLoaded);
    }
}

/// <summary>A clock the test moves by hand (timers still run on real time; tests call deadline work themselves).</summary>
internal sealed class ManualClock : TimeProvider
{
    // Starts at the real time: the log stamps records with this clock and compacts by the system one.
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public void Advance(TimeSpan by) => _now += by;

    public override DateTimeOffset GetUtcNow() => _now;
}
