using System.Collections.Concurrent;
using System.Net;
using KafkaNet.Broker;

namespace KafkaNet.Cluster.Quorum;

/// <summary>
/// Which node id (and directory id, and advertised host:port) stands behind each Raft member address. The Raft engine
/// knows members by address only; the ids come from the configured voters, the format's initial voters, the
/// membership file and every VotersRecord applied. An entry stays once learned: an address never changes owner
/// within a cluster.
/// </summary>
internal sealed class QuorumVoterRegistry
{
    private readonly ConcurrentDictionary<EndPoint, ControllerQuorumVoter> _byEndPoint = new();
    private readonly ConcurrentDictionary<int, (ControllerQuorumVoter Voter, EndPoint EndPoint)> _byId = new();

    public void Learn(ControllerQuorumVoter voter, EndPoint endPoint)
    {
        _byEndPoint[endPoint] = voter;
        _byId[voter.NodeId] = (voter, endPoint);
    }

    public ControllerQuorumVoter? Find(EndPoint endPoint) => _byEndPoint.TryGetValue(endPoint, out var voter) ? voter : null;

    public ControllerQuorumVoter? Find(int nodeId) => _byId.TryGetValue(nodeId, out var entry) ? entry.Voter : null;

    public EndPoint? EndPointOf(int nodeId) => _byId.TryGetValue(nodeId, out var entry) ? entry.EndPoint : null;

    public int? IdOf(EndPoint endPoint) => _byEndPoint.TryGetValue(endPoint, out var voter) ? voter.NodeId : null;
}
