using System.Diagnostics;

namespace KafkaNet.Cluster.Tests.Faults;

/// <summary>
/// Applies faults one at a time, in rotation: SIGKILL a partition leader and restart it, SIGKILL the quorum leader
/// (the active controller) and restart it, SIGSTOP a partition leader beyond replica.lag.time.max.ms and SIGCONT it.
/// After each fault it waits until every partition is led and its ISR is whole again, so at most one broker is ever down.
/// </summary>
internal sealed class Nemesis(ProcessCluster cluster, string topic, int partitions)
{
    private static readonly TimeSpan Heal = TimeSpan.FromSeconds(45);
    private readonly Random _random = new(11);

    public List<string> Applied { get; } = [];

    public Dictionary<string, int> Counts { get; } = [];

    /// <summary>Why the nemesis stopped early: the cluster did not heal after a fault; null when it ran to the end.</summary>
    public string? Stuck { get; private set; }

    public async Task RunAsync(int faults, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < faults && clock.Elapsed < budget; i++)
        {
            var started = clock.Elapsed;
            (string kind, int node) = (i % 3) switch
            {
                0 => ("kill-partition-leader", await KillAndRestartAsync(PartitionLeader(i / 3 % partitions))),
                1 => ("kill-controller", await KillAndRestartAsync(await cluster.UntilAsync(cluster.QuorumLeaderAsync, id => id > 0, "a quorum leader is known", Heal))),
                _ => ("pause-partition-leader", await PauseAsync(PartitionLeader((i / 3 + 1) % partitions))),
            };
            try
            {
                await cluster.UntilAsync(() => cluster.FullyInSync(topic), $"the cluster heals after fault {i} ({kind} of node {node})", Heal);
            }
            catch (TimeoutException e)
            {
                Stuck = $"{e.Message} Views: {cluster.DescribeViews(topic)}";
                Applied.Add($"#{i} {kind} node {node} at {started.TotalSeconds:0.0}s, NOT healed");
                return;
            }
            Counts[kind] = Counts.GetValueOrDefault(kind) + 1;
            Applied.Add($"#{i} {kind} node {node} at {started.TotalSeconds:0.0}s, healed in {(clock.Elapsed - started).TotalSeconds:0.0}s");
        }
    }

    private int PartitionLeader(int partition)
    {
        var leader = cluster.Partitions(topic)?.SingleOrDefault(p => p.PartitionId == partition)?.Leader ?? -1;
        return leader > 0 ? leader : 1 + _random.Next(3);
    }

    private async Task<int> KillAndRestartAsync(int nodeId)
    {
        var node = cluster[nodeId];
        int registrations = node.Registrations;
        node.Kill();
        await Task.Delay(100 + _random.Next(700));
        node.Start();
        // Healed only once the new process is registered: until then the controller still holds the old session.
        await cluster.UntilAsync(() => node.Registrations > registrations, $"node {nodeId} registers again after its restart", Heal);
        return nodeId;
    }

    private async Task<int> PauseAsync(int nodeId)
    {
        var node = cluster[nodeId];
        node.Pause();
        await Task.Delay(ProcessCluster.ReplicaLagTimeMaxMs + 500 + _random.Next(500));
        node.Resume();
        return nodeId;
    }
}
