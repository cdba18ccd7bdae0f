using System.Globalization;
using System.Text;
using KafkaNet.Broker;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Output;
using KafkaNet.Protocol.Messages;
using ReplicaState = KafkaNet.Protocol.Messages.DescribeQuorumResponse.ReplicaState;

namespace KafkaNet.Cli.MetadataQuorum;

/// <summary>
/// The text of `describe --status` and `describe --replication`, laid out as Kafka's tool prints them, or with
/// --output json one JSON document of the same values.
/// </summary>
internal static class QuorumReport
{
    private const int LabelWidth = 24;

    private static readonly string[] ReplicationHeaders =
        ["NodeId", "DirectoryId", "LogEndOffset", "Lag", "LastFetchTimestamp", "LastCaughtUpTimestamp", "Status"];

    /// <exception cref="CommandFailedException">The quorum has no leader among its voters.</exception>
    public static string Status(string clusterId, QuorumState state)
    {
        var partition = state.Partition;
        var (leader, mostBehind, maxLagTimeMs) = Lag(partition);
        return new StringBuilder()
            .Append(Label("ClusterId:")).Append(clusterId).Append('\n')
            .Append(Label("LeaderId:")).Append(Number(partition.LeaderId)).Append('\n')
            .Append(Label("LeaderEpoch:")).Append(Number(partition.LeaderEpoch)).Append('\n')
            .Append(Label("HighWatermark:")).Append(Number(partition.HighWatermark)).Append('\n')
            .Append(Label("MaxFollowerLag:")).Append(Number(leader.LogEndOffset - mostBehind.LogEndOffset)).Append('\n')
            .Append(Label("MaxFollowerLagTimeMs:")).Append(Number(maxLagTimeMs)).Append('\n')
            .Append(Label("CurrentVoters:")).Append(Replicas(state, partition.CurrentVoters)).Append('\n')
            .Append(Label("CurrentObservers:")).Append(Replicas(state, partition.Observers))
            .ToString();
    }

    /// <summary>
    /// {"clusterId", "leaderId", "leaderEpoch", "highWatermark", "maxFollowerLag", "maxFollowerLagTimeMs",
    /// "currentVoters": [{"id", "directoryId", "endpoints"}], "currentObservers": [...]}: a zero directory id is null,
    /// a replica without endpoints has an empty list.
    /// </summary>
    /// <exception cref="CommandFailedException">The quorum has no leader among its voters.</exception>
    public static string StatusJson(string clusterId, QuorumState state)
    {
        var partition = state.Partition;
        var (leader, mostBehind, maxLagTimeMs) = Lag(partition);
        return JsonOutput.Serialize(new
        {
            ClusterId = clusterId,
            partition.LeaderId,
            partition.LeaderEpoch,
            partition.HighWatermark,
            MaxFollowerLag = leader.LogEndOffset - mostBehind.LogEndOffset,
            MaxFollowerLagTimeMs = maxLagTimeMs,
            CurrentVoters = ReplicaJson(state, partition.CurrentVoters),
            CurrentObservers = ReplicaJson(state, partition.Observers),
        });
    }

    /// <summary>One row per replica: the leader, the other voters, then the observers; columns padded and tab-ended.</summary>
    /// <param name="nowMs">The time --human-readable counts back from, in Unix milliseconds.</param>
    /// <exception cref="CommandFailedException">No leader, or (human-readable) a timestamp after now.</exception>
    public static string Replication(QuorumState state, bool humanReadable, long nowMs)
    {
        var (leader, replicas) = Replicas(state.Partition);
        var rows = replicas.Select(r => Row(leader, r.Replica, r.Status, humanReadable, nowMs)).ToList();

        var widths = ReplicationHeaders.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(ReplicationHeaders))
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            for (int i = 0; i < row.Length; i++)
            {
                text.Append(row[i].PadRight(widths[i])).Append('\t');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// {"replicas": [{"nodeId", "directoryId", "logEndOffset", "lag", "lastFetchTimestamp", "lastCaughtUpTimestamp",
    /// "status"}]} in the rows' order, timestamps in Unix milliseconds (-1 when unknown).
    /// </summary>
    /// <exception cref="CommandFailedException">The quorum has no leader among its voters.</exception>
    public static string ReplicationJson(QuorumState state)
    {
        var (leader, replicas) = Replicas(state.Partition);
        return JsonOutput.Serialize(new
        {
            Replicas = replicas.Select(r => new
            {
                NodeId = r.Replica.ReplicaId,
                DirectoryId = KafkaUuid.Format(r.Replica.ReplicaDirectoryId),
                r.Replica.LogEndOffset,
                Lag = leader.LogEndOffset - r.Replica.LogEndOffset,
                LastFetchTimestamp = Math.Max(r.Replica.LastFetchTimestamp, -1),
                LastCaughtUpTimestamp = Math.Max(r.Replica.LastCaughtUpTimestamp, -1),
                r.Status,
            }),
        });
    }

    /// <summary>The leader, the voter furthest behind it, and how long ago that voter had caught up (-1 when unknown).</summary>
    private static (ReplicaState Leader, ReplicaState MostBehind, long MaxLagTimeMs) Lag(DescribeQuorumResponse.PartitionData partition)
    {
        var leader = Leader(partition);
        var mostBehind = partition.CurrentVoters.MinBy(v => v.LogEndOffset)!;
        long maxLagTimeMs = ReferenceEquals(leader, mostBehind) ? 0
            : leader.LastCaughtUpTimestamp >= 0 && mostBehind.LastCaughtUpTimestamp >= 0 ? leader.LastCaughtUpTimestamp - mostBehind.LastCaughtUpTimestamp
            : -1;
        return (leader, mostBehind, maxLagTimeMs);
    }

    /// <summary>The leader, the other voters, then the observers, each with its status.</summary>
    private static (ReplicaState Leader, List<(ReplicaState Replica, string Status)> Replicas) Replicas(DescribeQuorumResponse.PartitionData partition)
    {
        var leader = Leader(partition);
        List<(ReplicaState Replica, string Status)> replicas = [(leader, "Leader")];
        replicas.AddRange(partition.CurrentVoters.Where(v => !ReferenceEquals(v, leader)).Select(v => (v, "Follower")));
        replicas.AddRange(partition.Observers.Select(o => (o, "Observer")));
        return (leader, replicas);
    }

    private static IEnumerable<object> ReplicaJson(QuorumState state, IEnumerable<ReplicaState> replicas) =>
        replicas.Select(r => new
        {
            Id = r.ReplicaId,
            DirectoryId = r.ReplicaDirectoryId == Guid.Empty ? null : KafkaUuid.Format(r.ReplicaDirectoryId),
            Endpoints = state.EndpointsOf(r.ReplicaId).Select(e => e.ToString()),
        });

    private static ReplicaState Leader(DescribeQuorumResponse.PartitionData partition) =>
        partition.CurrentVoters.FirstOrDefault(v => v.ReplicaId == partition.LeaderId)
        ?? throw new CommandFailedException($"The metadata quorum has no leader among its voters (LeaderId {Number(partition.LeaderId)}): try again once one is elected.");

    private static string[] Row(ReplicaState leader, ReplicaState replica, string status, bool humanReadable, long nowMs) =>
    [
        Number(replica.ReplicaId),
        KafkaUuid.Format(replica.ReplicaDirectoryId),
        Number(replica.LogEndOffset),
        Number(leader.LogEndOffset - replica.LogEndOffset),
        Timestamp(replica.LastFetchTimestamp, "last fetch", humanReadable, nowMs),
        Timestamp(replica.LastCaughtUpTimestamp, "last caught up", humanReadable, nowMs),
        status,
    ];

    /// <summary>-1 when unknown; with --human-readable, "N ms ago".</summary>
    private static string Timestamp(long timestampMs, string what, bool humanReadable, long nowMs)
    {
        if (timestampMs < 0 || !humanReadable)
        {
            return Number(timestampMs < 0 ? -1 : timestampMs);
        }

        if (timestampMs == 0 || timestampMs > nowMs)
        {
            throw new CommandFailedException("Error while computing relative time, possible drift in system clock.\n"
                + $"Current timestamp is {Number(nowMs)}, {what} timestamp is {Number(timestampMs)}");
        }

        return $"{Number(nowMs - timestampMs)} ms ago";
    }

    /// <summary>[{"id": 1, "directoryId": "...", "endpoints": ["CONTROLLER://host:port"]}, ...]: a zero directory id is null, no endpoints no key.</summary>
    private static string Replicas(QuorumState state, IEnumerable<ReplicaState> replicas) =>
        "[" + string.Join(", ", replicas.Select(r =>
        {
            var text = new StringBuilder("{\"id\": ").Append(Number(r.ReplicaId))
                .Append(", \"directoryId\": ").Append(r.ReplicaDirectoryId == Guid.Empty ? "null" : $"\"{KafkaUuid.Format(r.ReplicaDirectoryId)}\"");
            var endpoints = state.EndpointsOf(r.ReplicaId).Select(e => $"\"{e}\"").ToList();
            if (endpoints.Count > 0)
            {
                text.Append(", \"endpoints\": [").AppendJoin(", ", endpoints).Append(']');
            }

            return text.Append('}').ToString();
        })) + "]";

    private static string Label(string label) => label.PadRight(LabelWidth);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
