using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KafkaNet.Broker;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Cluster.Quorum.Transport;

namespace KafkaNet.Cluster.Tests.Quorum;

internal static class QuorumTestSupport
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static IReadOnlyList<ControllerQuorumVoter> Voters(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        foreach (var l in listeners)
            l.Start();
        var voters = listeners.Select((l, i) => new ControllerQuorumVoter(i + 1, "127.0.0.1", ((IPEndPoint)l.LocalEndpoint).Port)).ToList();
        foreach (var l in listeners)
            l.Stop();
        return voters;
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "kafkanet-quorum-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static MetadataQuorumOptions Options(int nodeId, IReadOnlyList<ControllerQuorumVoter> voters, string root, int snapshotInterval = 1000,
        RaftConnectionHub? transport = null) => new()
    {
        NodeId = nodeId,
        Voters = voters,
        DataDirectory = Path.Combine(root, "node-" + nodeId),
        // Wide enough for a loaded machine, short enough for quick failover.
        ElectionTimeoutMin = TimeSpan.FromMilliseconds(500),
        ElectionTimeoutMax = TimeSpan.FromMilliseconds(1000),
        RequestTimeout = TimeSpan.FromMilliseconds(500),
        SnapshotIntervalEntries = snapshotInterval,
        Transport = transport,
    };

    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    public static async Task Until(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Deadline)
                throw new TimeoutException($"Timed out waiting until {what}.");
            await Task.Delay(25);
        }
    }

    /// <summary>Waits until every running node names the same leader and that node says it leads.</summary>
    public static async Task<int> AgreedLeader(IEnumerable<MetadataQuorum?> nodes)
    {
        var running = nodes.Where(n => n is not null).Select(n => n!).ToList();
        var agreed = -1;
        await Until(() =>
        {
            var ids = running.Select(n => n.LeaderId).Distinct().ToList();
            if (ids is not [{ } id] || !running.Any(n => n.NodeId == id && n.IsLeader))
                return false;
            agreed = id;
            return true;
        }, "the running nodes agree on one leader");
        return agreed;
    }

    public static void DeleteQuietly(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
