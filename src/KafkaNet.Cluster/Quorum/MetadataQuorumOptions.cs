using KafkaNet.Broker;
using KafkaNet.Cluster.Quorum.Transport;

namespace KafkaNet.Cluster.Quorum;

/// <summary>Settings of one node of the metadata quorum.</summary>
public sealed class MetadataQuorumOptions
{
    /// <summary>This node's id; in a static quorum it must be one of <see cref="Voters"/>, whose host:port it listens on.</summary>
    public int NodeId { get; init; }

    /// <summary>The static voter set (<c>controller.quorum.voters</c>); empty in a dynamic quorum.</summary>
    public IReadOnlyList<ControllerQuorumVoter> Voters { get; init; } = [];

    /// <summary>
    /// A dynamic quorum (KIP-853): the voters start from the membership file the format wrote in
    /// <see cref="DataDirectory"/> (<see cref="QuorumFormatter"/>) and change through AddRaftVoter and RemoveRaftVoter.
    /// </summary>
    public bool Dynamic { get; init; }

    /// <summary>In a dynamic quorum: this node's controller endpoint and metadata directory id.</summary>
    public ControllerQuorumVoter? Self { get; init; }

    /// <summary>Directory holding the Raft write-ahead log and the snapshots.</summary>
    public string DataDirectory { get; init; } = "";

    /// <summary>Lower bound of the randomized election timeout (Kafka's controller.quorum.election.timeout.ms is 1000).</summary>
    public TimeSpan ElectionTimeoutMin { get; init; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>Upper bound of the randomized election timeout.</summary>
    public TimeSpan ElectionTimeoutMax { get; init; } = TimeSpan.FromMilliseconds(2000);

    /// <summary>
    /// Timeout of one Raft request to a peer. It stays at the lower election timeout by default so that an
    /// unreachable voter cannot stall heartbeats past a healthy follower's election timeout.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>A snapshot of the applied state is written after this many applied entries.</summary>
    public int SnapshotIntervalEntries { get; init; } = 1000;

    /// <summary>
    /// Carries Raft over the controller listener that serves Kafka too (its handler is a
    /// <see cref="ControllerListenerConnectionHandler"/> on the voter's host:port). Null: Raft listens on
    /// the voter's host:port by itself.
    /// </summary>
    public RaftConnectionHub? Transport { get; init; }

    internal ControllerQuorumVoter LocalVoter
        => Dynamic
            ? Self ?? throw new ArgumentException("A dynamic quorum node needs its own endpoint.", nameof(Self))
            : Voters.FirstOrDefault(v => v.NodeId == NodeId)
              ?? throw new ArgumentException($"Node {NodeId} is not among the quorum voters.", nameof(Voters));

    internal void Validate()
    {
        if (Dynamic)
        {
            if (Voters is { Count: > 0 })
                throw new ArgumentException("A dynamic quorum takes its voters from its format, not from a static list.", nameof(Voters));
            if (Self is null || Self.NodeId != NodeId)
                throw new ArgumentException("A dynamic quorum node needs its own endpoint under its node id.", nameof(Self));
        }
        else if (Voters is null || Voters.Count == 0)
            throw new ArgumentException("The quorum needs at least one voter.", nameof(Voters));
        else if (Voters.Select(v => v.NodeId).Distinct().Count() != Voters.Count)
            throw new ArgumentException("Voter node ids must be unique.", nameof(Voters));
        _ = LocalVoter;
        if (string.IsNullOrWhiteSpace(DataDirectory))
            throw new ArgumentException("A data directory is required.", nameof(DataDirectory));
        if (ElectionTimeoutMin <= TimeSpan.Zero || ElectionTimeoutMax <= ElectionTimeoutMin)
            throw new ArgumentException("Election timeouts must satisfy 0 < min < max.", nameof(ElectionTimeoutMin));
        if (RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentException("The request timeout must be positive.", nameof(RequestTimeout));
        if (SnapshotIntervalEntries < 1)
            throw new ArgumentException("The snapshot interval must be at least one entry.", nameof(SnapshotIntervalEntries));
    }
}
