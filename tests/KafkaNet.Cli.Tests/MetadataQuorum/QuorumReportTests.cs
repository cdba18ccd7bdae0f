using KafkaNet.Broker;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.MetadataQuorum;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cli.Tests.MetadataQuorum;

public class QuorumReportTests
{
    private static readonly Guid One = Guid.NewGuid();
    private static readonly Guid Two = Guid.NewGuid();

    private static QuorumState State(long followerEnd = 90, long followerCaughtUp = 1_000)
    {
        var partition = new DescribeQuorumResponse.PartitionData { LeaderId = 1, LeaderEpoch = 7, HighWatermark = 100 };
        partition.CurrentVoters.Add(new() { ReplicaId = 2, ReplicaDirectoryId = Two, LogEndOffset = followerEnd, LastFetchTimestamp = 1_500, LastCaughtUpTimestamp = followerCaughtUp });
        partition.CurrentVoters.Add(new() { ReplicaId = 1, ReplicaDirectoryId = One, LogEndOffset = 100, LastFetchTimestamp = 2_000, LastCaughtUpTimestamp = 2_000 });
        partition.Observers.Add(new() { ReplicaId = 10, LogEndOffset = 95, LastFetchTimestamp = -1, LastCaughtUpTimestamp = -1 });
        var nodes = new List<DescribeQuorumResponse.Node>();
        foreach (int id in new[] { 1, 2 })
        {
            var node = new DescribeQuorumResponse.Node { NodeId = id };
            node.Listeners.Add(new() { Name = "CONTROLLER", Host = "c" + id, Port = (ushort)(9090 + id) });
            nodes.Add(node);
        }

        return new QuorumState(partition, nodes);
    }

    [Fact]
    public void Status_is_laid_out_as_kafka_prints_it()
    {
        string status = QuorumReport.Status("cluster-1", State());

        Assert.Equal(
            "ClusterId:              cluster-1\n"
            + "LeaderId:               1\n"
            + "LeaderEpoch:            7\n"
            + "HighWatermark:          100\n"
            + "MaxFollowerLag:         10\n"
            + "MaxFollowerLagTimeMs:   1000\n"
            + $"CurrentVoters:          [{{\"id\": 2, \"directoryId\": \"{KafkaUuid.Format(Two)}\", \"endpoints\": [\"CONTROLLER://c2:9092\"]}}, "
            + $"{{\"id\": 1, \"directoryId\": \"{KafkaUuid.Format(One)}\", \"endpoints\": [\"CONTROLLER://c1:9091\"]}}]\n"
            + "CurrentObservers:       [{\"id\": 10, \"directoryId\": null}]",
            status);
    }

    [Fact]
    public void Lag_time_is_unknown_when_the_follower_never_caught_up()
    {
        string status = QuorumReport.Status("c", State(followerCaughtUp: -1));

        Assert.Contains("MaxFollowerLagTimeMs:   -1\n", status);
    }

    [Fact]
    public void Replication_lists_the_leader_then_followers_then_observers_in_padded_columns()
    {
        string table = QuorumReport.Replication(State(), humanReadable: false, nowMs: 3_000);

        string[] lines = table.Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal("NodeId\tDirectoryId           \tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus  \t", lines[0]);
        Assert.Equal($"1     \t{KafkaUuid.Format(One)}\t100         \t0  \t2000              \t2000                 \tLeader  \t", lines[1]);
        Assert.Equal($"2     \t{KafkaUuid.Format(Two)}\t90          \t10 \t1500              \t1000                 \tFollower\t", lines[2]);
        Assert.Equal("10    \tAAAAAAAAAAAAAAAAAAAAAA\t95          \t5  \t-1                \t-1                   \tObserver\t", lines[3]);
    }

    [Fact]
    public void Human_readable_times_count_back_from_now()
    {
        string[] lines = QuorumReport.Replication(State(), humanReadable: true, nowMs: 3_000).Split('\n');

        Assert.Contains("\t1000 ms ago       \t1000 ms ago          \tLeader", lines[1]);
        Assert.Contains("\t1500 ms ago       \t2000 ms ago          \tFollower", lines[2]);
        Assert.Contains("\t-1                \t-1                   \tObserver", lines[3]);
    }

    [Fact]
    public void A_time_after_now_is_a_clock_drift_error()
    {
        var error = Assert.Throws<CommandFailedException>(() => QuorumReport.Replication(State(), humanReadable: true, nowMs: 1_800));

        Assert.StartsWith("Error while computing relative time, possible drift in system clock.", error.Message);
    }

    [Fact]
    public void A_quorum_without_a_leader_is_an_error()
    {
        var state = State();
        state.Partition.LeaderId = -1;

        Assert.Throws<CommandFailedException>(() => QuorumReport.Status("c", state));
    }
}
