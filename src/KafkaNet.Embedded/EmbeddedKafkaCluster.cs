using System.Net;
using System.Net.Sockets;
using KafkaNet.Broker;
using KafkaNet.Cluster.Node;

namespace KafkaNet.Embedded;

/// <summary>
/// Several nodes in the current process, on loopback ports chosen up front, for tests of a replicated cluster:
/// by default each with the combined roles broker and controller, or brokers beside dedicated controllers
/// (<see cref="EmbeddedKafkaClusterOptions.DedicatedControllers"/>):
/// <code>await using var cluster = await EmbeddedKafkaCluster.StartAsync(3);</code>
/// </summary>
public sealed class EmbeddedKafkaCluster : IAsyncDisposable
{
    private readonly EmbeddedKafkaClusterOptions _options;
    private readonly string _root;
    private readonly bool _ownsRoot;
    private readonly IReadOnlyList<ControllerQuorumVoter> _voters;
    private readonly Dictionary<int, int> _clientPorts;
    private readonly SortedDictionary<int, KafkaNode> _nodes = [];

    private EmbeddedKafkaCluster(EmbeddedKafkaClusterOptions options, string root, bool ownsRoot,
        IReadOnlyList<ControllerQuorumVoter> voters, Dictionary<int, int> clientPorts)
    {
        _options = options;
        _root = root;
        _ownsRoot = ownsRoot;
        _voters = voters;
        _clientPorts = clientPorts;
    }

    /// <summary>host:port of every broker's client listener, comma separated.</summary>
    public string BootstrapServers => string.Join(',', _clientPorts.OrderBy(p => p.Key).Select(p => $"127.0.0.1:{p.Value}"));

    /// <summary>The running nodes by id, controllers included.</summary>
    public IReadOnlyDictionary<int, KafkaNode> Nodes => _nodes;

    /// <summary>The running nodes with the broker role.</summary>
    public IEnumerable<KafkaNode> Brokers => _nodes.Values.Where(n => n.Roles.HasFlag(ProcessRoles.Broker));

    /// <summary>The running nodes with the controller role.</summary>
    public IEnumerable<KafkaNode> Controllers => _nodes.Values.Where(n => n.Roles.HasFlag(ProcessRoles.Controller));

    /// <summary>The quorum's voters: every node, or the dedicated controllers.</summary>
    public IReadOnlyList<ControllerQuorumVoter> Voters => _voters;

    /// <summary>host:port of one broker's client listener.</summary>
    public string BootstrapServersOf(int nodeId) => $"127.0.0.1:{_clientPorts[nodeId]}";

    /// <summary>Starts nodes 1..<paramref name="brokers"/> and waits until every broker is registered and unfenced.</summary>
    public static async Task<EmbeddedKafkaCluster> StartAsync(int brokers = 3, EmbeddedKafkaClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        options ??= new EmbeddedKafkaClusterOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.DedicatedControllers);
        bool ownsRoot = options.DataDirectory is null;
        string root = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "kafkanet-cluster-" + Guid.NewGuid().ToString("N"));
        int controllers = options.DedicatedControllers;
        var ports = FreePorts(brokers * 2 + controllers);
        var voters = controllers == 0
            ? Enumerable.Range(1, brokers).Select(id => new ControllerQuorumVoter(id, "127.0.0.1", ports[brokers + id - 1])).ToList()
            : Enumerable.Range(brokers + 1, controllers).Select(id => new ControllerQuorumVoter(id, "127.0.0.1", ports[brokers + id - 1])).ToList();
        var clientPorts = Enumerable.Range(1, brokers).ToDictionary(id => id, id => ports[id - 1]);
        var cluster = new EmbeddedKafkaCluster(options, root, ownsRoot, voters, clientPorts);
        try
        {
            // Together: a quorum needs a majority of voters up before any of them can lead.
            var ids = clientPorts.Keys.Concat(voters.Select(v => v.NodeId)).Distinct();
            var started = await Task.WhenAll(ids.Select(id => cluster.StartNodeAsync(id, cancellationToken))).ConfigureAwait(false);
            foreach (var node in started)
            {
                cluster._nodes[node.NodeId] = node;
            }
            await cluster.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops a node with a controlled shutdown.</summary>
    public async Task StopAsync(int nodeId)
    {
        if (_nodes.Remove(nodeId, out var node))
        {
            await node.StopAsync(controlled: true).ConfigureAwait(false);
        }
    }

    /// <summary>Stops a node abruptly, as a crash: the others learn of it only by its silence.</summary>
    public async Task KillAsync(int nodeId)
    {
        if (_nodes.Remove(nodeId, out var node))
        {
            await node.KillAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts a stopped node again on its ports and data, and waits until it is unfenced.</summary>
    public async Task RestartAsync(int nodeId, CancellationToken cancellationToken = default)
    {
        await StopAsync(nodeId).ConfigureAwait(false);
        var node = await StartNodeAsync(nodeId, cancellationToken).ConfigureAwait(false);
        _nodes[nodeId] = node;
        await node.Ready.WaitAsync(_options.StartTimeout, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // Not controlled: the cluster goes away whole, there is no one to hand leadership to.
        foreach (var id in _nodes.Keys.ToList())
        {
            await KillAsync(id).ConfigureAwait(false);
        }
        if (_ownsRoot)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort, as for EmbeddedKafka.
            }
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.StartTimeout);
        await Task.WhenAll(_nodes.Values.Select(n => n.Ready)).WaitAsync(deadline.Token).ConfigureAwait(false);
        // Every node's own image lists every broker before tests look at any of them.
        int brokers = Brokers.Count();
        while (!_nodes.Values.All(n => n.Broker.Cluster.Brokers.Count == brokers))
        {
            await Task.Delay(20, deadline.Token).ConfigureAwait(false);
        }
    }

    private Task<KafkaNode> StartNodeAsync(int nodeId, CancellationToken cancellationToken)
    {
        bool isBroker = _clientPorts.ContainsKey(nodeId);
        bool isController = _voters.Any(v => v.NodeId == nodeId);
        var broker = new BrokerOptions
        {
            NodeId = nodeId,
            DataDirectory = Path.Combine(_root, "node-" + nodeId),
            ClusterId = _options.ClusterId,
            AdvertisedEndpoint = new BrokerEndpoint("127.0.0.1", isBroker ? _clientPorts[nodeId] : 0),
            Cluster = new ClusterSettings
            {
                NodeId = nodeId,
                Roles = (isBroker ? ProcessRoles.Broker : ProcessRoles.None) | (isController ? ProcessRoles.Controller : ProcessRoles.None),
                Voters = _voters,
                BrokerHeartbeatIntervalMs = _options.BrokerHeartbeatIntervalMs,
                BrokerSessionTimeoutMs = _options.BrokerSessionTimeoutMs,
            },
        };
        _options.Configure?.Invoke(broker);
        return KafkaNode.StartAsync(new KafkaNodeOptions
        {
            Broker = broker,
            ClientListenHost = "127.0.0.1",
            ClientPort = isBroker ? _clientPorts[nodeId] : 0,
            ElectionTimeoutMin = _options.ElectionTimeoutMin,
            ElectionTimeoutMax = _options.ElectionTimeoutMax,
            QuorumRequestTimeout = _options.ElectionTimeoutMin,
            MetadataFeedRetainedEntries = _options.MetadataFeedRetainedEntries,
            MetricsListener = _options.MetricsListeners ? new Uri("http://127.0.0.1:0") : null,
        }, _options.LoggerFactory, cancellationToken);
    }

    // All bound at once so no two are the same; freed just before the nodes bind them.
    private static List<int> FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
