using System.Net;
using System.Net.Sockets;
using KafkaNet.Broker;
using KafkaNet.Cluster.Node;
using KafkaNet.Cluster.Quorum;

namespace KafkaNet.Testing;

/// <summary>
/// Nodes of a dynamic metadata quorum (KIP-853) in this process on 127.0.0.1: controllers configured with
/// controller.quorum.bootstrap.servers and no voters, formatted standalone, with initial voters or to join, and a
/// broker. Each node has a free port, a directory id and a data directory under one temporary root.
/// </summary>
internal sealed class DynamicQuorumNodes : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kafkanet-dynamic-quorum-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<int, int> _ports = [];
    private readonly Dictionary<int, Guid> _directoryIds = [];
    private readonly int _brokerId;
    private readonly int[] _bootstrapControllers;

    /// <param name="controllerIds">Every controller's node id.</param>
    /// <param name="brokerId">The broker's node id.</param>
    /// <param name="bootstrapControllers">The controllers in controller.quorum.bootstrap.servers.</param>
    public DynamicQuorumNodes(int[] controllerIds, int brokerId, params int[] bootstrapControllers)
    {
        _brokerId = brokerId;
        _bootstrapControllers = bootstrapControllers;
        int[] ids = [.. controllerIds, brokerId];
        var listeners = ids.Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        for (int i = 0; i < ids.Length; i++)
        {
            _ports[ids[i]] = ((IPEndPoint)listeners[i].LocalEndpoint).Port;
            _directoryIds[ids[i]] = Guid.NewGuid();
        }

        listeners.ForEach(l => l.Stop());
    }

    public string ClusterId { get; } = MetaProperties.NewClusterId();

    public IReadOnlyDictionary<int, int> Ports => _ports;

    public IReadOnlyDictionary<int, Guid> DirectoryIds => _directoryIds;

    /// <summary>The running nodes; a test that stops one removes it.</summary>
    public Dictionary<int, KafkaNode> Nodes { get; } = [];

    /// <summary>Upper bound on waiting for the broker to be ready.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public string DataDirectory(int id) => Path.Combine(_root, "node-" + id);

    public ControllerQuorumVoter Voter(int id) => new(id, "127.0.0.1", _ports[id], _directoryIds[id]);

    /// <summary>As kafkanet-server format: meta.properties with the directory id, and the quorum's initial voters.</summary>
    public void Format(int id, IReadOnlyList<ControllerQuorumVoter> initialVoters)
    {
        MetaProperties.LoadOrCreateClusterId(DataDirectory(id), id, ClusterId, _directoryIds[id]);
        QuorumFormatter.Format(Path.Combine(DataDirectory(id), "__cluster_metadata-0"), initialVoters);
    }

    public async Task StartControllerAsync(int id)
    {
        Nodes[id] = await KafkaNode.StartAsync(new KafkaNodeOptions
        {
            Broker = Options(id, ProcessRoles.Controller),
            ControllerListenHost = "127.0.0.1",
            ControllerPort = _ports[id],
            ElectionTimeoutMin = TimeSpan.FromMilliseconds(500),
            ElectionTimeoutMax = TimeSpan.FromMilliseconds(1000),
            QuorumRequestTimeout = TimeSpan.FromMilliseconds(500),
        });
    }

    /// <summary>Starts the broker and waits until it serves clients.</summary>
    public async Task StartBrokerAsync()
    {
        var node = await KafkaNode.StartAsync(new KafkaNodeOptions
        {
            Broker = Options(_brokerId, ProcessRoles.Broker),
            ClientListenHost = "127.0.0.1",
            ClientPort = _ports[_brokerId],
        });
        Nodes[_brokerId] = node;
        await node.Ready.WaitAsync(ReadyTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes.Values)
        {
            await node.KillAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary directory.
        }
    }

    private BrokerOptions Options(int id, ProcessRoles roles) => new()
    {
        NodeId = id,
        DataDirectory = DataDirectory(id),
        ClusterId = ClusterId,
        AdvertisedEndpoint = new BrokerEndpoint("127.0.0.1", roles == ProcessRoles.Broker ? _ports[id] : 0),
        Cluster = new ClusterSettings
        {
            NodeId = id,
            Roles = roles,
            // Every controller named there is one a joiner can find the leader through, as an operator lists them.
            BootstrapServers = [.. _bootstrapControllers.Select(c => new BrokerEndpoint("127.0.0.1", _ports[c]))],
            ControllerListenerNames = ["CONTROLLER"],
            BrokerHeartbeatIntervalMs = 500,
            BrokerSessionTimeoutMs = 6000,
        },
    };
}
