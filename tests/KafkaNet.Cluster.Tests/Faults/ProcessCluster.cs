using System.Diagnostics;
using Confluent.Kafka;
using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Tests.Quorum;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Tests.Faults;

/// <summary>
/// Three kafkanet-server processes with combined roles on 127.0.0.1 (as docker/cluster/start-local-cluster.sh runs
/// them), with short session, lag and election timeouts so faults resolve within seconds. Disposing kills every process.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    public const int SessionTimeoutMs = 2000;
    public const int ReplicaLagTimeMaxMs = 2000;

    private ProcessCluster(string root, IReadOnlyList<ServerNode> nodes)
    {
        Root = root;
        Nodes = nodes;
    }

    public string Root { get; }

    public IReadOnlyList<ServerNode> Nodes { get; }

    /// <summary>Keeps the data and node logs on disposal (set while a test has not passed).</summary>
    public bool KeepFiles { get; set; } = true;

    public string Bootstrap => string.Join(',', Nodes.Select(n => n.Bootstrap));

    public ServerNode this[int nodeId] => Nodes[nodeId - 1];

    public static async Task<ProcessCluster> StartAsync()
    {
        string root = QuorumTestSupport.TempDirectory();
        var voters = QuorumTestSupport.Voters(3);
        var clientPorts = QuorumTestSupport.Voters(3).Select(v => v.Port).ToList();
        string voterList = string.Join(',', voters.Select(v => $"{v.NodeId}@127.0.0.1:{v.Port}"));
        var nodes = voters.Select(v =>
        {
            int client = clientPorts[v.NodeId - 1];
            string data = Path.Combine(root, "node-" + v.NodeId);
            return new ServerNode(v.NodeId, client, data, Path.Combine(root, $"node-{v.NodeId}.log"),
            [
                $"node.id={v.NodeId}",
                "process.roles=broker,controller",
                $"controller.quorum.voters={voterList}",
                "controller.listener.names=CONTROLLER",
                $"listeners=PLAINTEXT://127.0.0.1:{client},CONTROLLER://127.0.0.1:{v.Port}",
                $"advertised.listeners=PLAINTEXT://127.0.0.1:{client}",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "cluster.id=fault-cluster",
                "controller.quorum.election.timeout.ms=500",
                "broker.heartbeat.interval.ms=250",
                $"broker.session.timeout.ms={SessionTimeoutMs}",
                $"replica.lag.time.max.ms={ReplicaLagTimeMaxMs}",
                "replica.fetch.wait.max.ms=200",
                $"log.dirs={data}",
            ]);
        }).ToList();
        var cluster = new ProcessCluster(root, nodes);
        try
        {
            foreach (var node in nodes)
                node.Start();
            await cluster.UntilAsync(() => nodes.All(n => cluster.LiveBrokers(n.Bootstrap) == 3), "each of the three brokers serves and knows the other two", TimeSpan.FromSeconds(60));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public IAdminClient Admin(string? bootstrap = null) =>
        new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap ?? Bootstrap, SocketTimeoutMs = 5000 }).Build();

    public string BootstrapOfRunning() => string.Join(',', Nodes.Where(n => n.Running && !n.Paused).Select(n => n.Bootstrap));

    /// <summary>The quorum leader as DescribeQuorum on a running node reports it, or -1.</summary>
    public async Task<int> QuorumLeaderAsync()
    {
        var request = new DescribeQuorumRequest();
        request.Topics.Add(new() { TopicName = "__cluster_metadata", Partitions = { new() { PartitionIndex = 0 } } });
        foreach (var node in Nodes.Where(n => n.Running && !n.Paused))
        {
            try
            {
                await using var client = new NodeClient(new NodeAddress(node.NodeId, "127.0.0.1", node.ClientPort));
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                var response = await client.SendAsync<DescribeQuorumResponse>(request, DescribeQuorumRequest.ApiKey, 2, timeout.Token);
                var partition = response.Topics.Single().Partitions.Single();
                if (partition.ErrorCode == 0 && partition.LeaderId >= 0 && this[partition.LeaderId].Running)
                    return partition.LeaderId;
            }
            catch (Exception e) when (e is NodeUnreachableException or OperationCanceledException or IOException)
            {
                // Starting or stopping; ask the next.
            }
        }
        return -1;
    }

    /// <summary>Partition metadata of a topic from the running brokers, or null when none answers.</summary>
    public List<PartitionMetadata>? Partitions(string topic, string? bootstrap = null)
    {
        bootstrap ??= BootstrapOfRunning();
        if (bootstrap.Length == 0)
            return null;
        try
        {
            using var admin = Admin(bootstrap);
            var t = admin.GetMetadata(topic, TimeSpan.FromSeconds(3)).Topics.SingleOrDefault();
            return t is null || t.Error.Code != ErrorCode.NoError ? null : [.. t.Partitions];
        }
        catch (KafkaException)
        {
            return null;
        }
    }

    /// <summary>
    /// All three nodes run, and each one's metadata gives every partition of the topic the same leader and all three
    /// replicas in its ISR.
    /// </summary>
    public bool FullyInSync(string topic)
    {
        if (!Nodes.All(n => n.Running && !n.Paused))
            return false;
        var views = Nodes.Select(n => Partitions(topic, n.Bootstrap)).ToList();
        if (views.Any(v => v is not { Count: > 0 } || v.Any(p => p.Leader <= 0 || p.InSyncReplicas.Length != 3)))
            return false;
        var leaders = views.Select(v => string.Join(',', v!.OrderBy(p => p.PartitionId).Select(p => p.Leader))).Distinct().Count();
        return leaders == 1;
    }

    /// <summary>Each node's answer for the topic, for a report when the cluster does not heal.</summary>
    public string DescribeViews(string topic) => string.Join(" | ", Nodes.Select(n =>
    {
        string state = !n.Running ? "down" : n.Paused ? "paused" : "up";
        var view = n.Running && !n.Paused ? Partitions(topic, n.Bootstrap) : null;
        string partitions = view is null ? "no answer"
            : string.Join("; ", view.OrderBy(p => p.PartitionId).Select(p => $"p{p.PartitionId} leader {p.Leader} isr [{string.Join(',', p.InSyncReplicas)}]"));
        return $"node {n.NodeId} ({state}): {partitions}";
    }));

    public int LiveBrokers(string bootstrap)
    {
        try
        {
            using var admin = Admin(bootstrap);
            return admin.GetMetadata(TimeSpan.FromSeconds(3)).Brokers.Count;
        }
        catch (KafkaException)
        {
            return 0;
        }
    }

    public async Task UntilAsync(Func<bool> condition, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting until {what} (node logs under {Root}).");
            await Task.Delay(100);
        }
    }

    public async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> accept, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (accept(value))
                return value;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting until {what}, last {value} (node logs under {Root}).");
            await Task.Delay(100);
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
            node.Dispose();
        if (!KeepFiles)
            QuorumTestSupport.DeleteQuietly(Root);
        return ValueTask.CompletedTask;
    }
}
