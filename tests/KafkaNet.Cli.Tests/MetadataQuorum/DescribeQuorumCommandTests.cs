using System.Text.RegularExpressions;
using KafkaNet.Broker;
using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.MetadataQuorum;

/// <summary>One broker and three dedicated controllers on 127.0.0.1, shared by the tests of this class.</summary>
public sealed class StaticQuorumCluster : IAsyncLifetime
{
    public EmbeddedKafkaCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await EmbeddedKafkaCluster.StartAsync(1, new() { DedicatedControllers = 3 });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>`describe` and a voter change against a static quorum (controller.quorum.voters), through a broker and a controller.</summary>
public sealed partial class DescribeQuorumCommandTests : IClassFixture<StaticQuorumCluster>
{
    private const int BrokerId = 1;
    private readonly EmbeddedKafkaCluster _cluster;

    public DescribeQuorumCommandTests(StaticQuorumCluster fixture)
    {
        _cluster = fixture.Cluster;
    }

    private string Broker => _cluster.BootstrapServersOf(BrokerId);

    private string Controller(int index) => $"127.0.0.1:{_cluster.Voters[index].Port}";

    private int LeaderId => _cluster.Controllers.Single(c => c.Quorum.IsLeader).NodeId;

    [Fact]
    public async Task Status_through_the_broker_names_the_cluster_leader_and_three_voters()
    {
        var run = await QuorumCommandRun.RunAsync("--bootstrap-server", Broker, "describe", "--status");

        Assert.True(run.Exit == 0, run.ToString());
        AssertStatus(run.Out);
    }

    [Fact]
    public async Task Status_through_a_controller_names_the_leader_and_three_voters()
    {
        // Every controller in turn: two of them are followers, which send the tool on to the leader.
        for (int i = 0; i < 3; i++)
        {
            var run = await QuorumCommandRun.RunAsync("--bootstrap-controller", Controller(i), "describe", "--status");

            Assert.True(run.Exit == 0, run.ToString());
            AssertStatus(run.Out);
        }
    }

    [Fact]
    public async Task Replication_lists_the_leader_the_followers_and_the_broker_as_observer()
    {
        var run = await QuorumCommandRun.RunAsync("--bootstrap-server", Broker, "describe", "--replication");

        Assert.True(run.Exit == 0, run.ToString());
        var lines = run.Out.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^NodeId\s+DirectoryId\s+LogEndOffset\s+Lag\s+LastFetchTimestamp\s+LastCaughtUpTimestamp\s+Status\s+$", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split('\t', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(7, r.Length));
        Assert.Equal([LeaderId.ToString(), "Leader"], [rows[0][0], rows[0][6]]);
        Assert.Equal(_cluster.Voters.Select(v => v.NodeId).Where(id => id != LeaderId).Order(), rows.Where(r => r[6] == "Follower").Select(r => int.Parse(r[0])).Order());
        Assert.Equal(BrokerId.ToString(), Assert.Single(rows, r => r[6] == "Observer")[0]);
    }

    [Fact]
    public async Task Human_readable_replication_counts_the_leader_times_back_from_now()
    {
        var run = await QuorumCommandRun.RunAsync("--bootstrap-controller", Controller(0), "describe", "--replication", "--human-readable");

        Assert.True(run.Exit == 0, run.ToString());
        var leader = run.Out.Split('\n')[1];
        Assert.Matches(@"\t\d+ ms ago\s*\t\d+ ms ago\s*\tLeader", leader);
    }

    [Fact]
    public async Task Adding_a_controller_to_a_static_quorum_exits_1_with_UNSUPPORTED_VERSION()
    {
        string dir = Path.Combine(Path.GetTempPath(), "kafkanet-cli-static-" + Guid.NewGuid().ToString("N"));
        try
        {
            MetaProperties.LoadOrCreateClusterId(dir, 9, _cluster.Nodes[BrokerId].Broker.ClusterId, Guid.NewGuid());
            string config = Path.Combine(dir, "controller.properties");
            File.WriteAllText(config, $"node.id=9\nprocess.roles=controller\ncontroller.listener.names=CONTROLLER\nlisteners=CONTROLLER://127.0.0.1:1\nlog.dirs={dir}\n");

            foreach (var target in new[] { new[] { "--bootstrap-server", Broker }, ["--bootstrap-controller", Controller(0)] })
            {
                var run = await QuorumCommandRun.RunAsync([.. target, "--command-config", config, "add-controller"]);

                Assert.True(run.Exit == 1, run.ToString());
                Assert.StartsWith("error: UNSUPPORTED_VERSION", run.Error);
                Assert.Empty(run.Out);
            }

            Assert.All(_cluster.Controllers, c => Assert.Equal(3, c.Quorum.Voters.Count));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private void AssertStatus(string output)
    {
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(8, lines.Length);
        Assert.Equal("ClusterId:              " + _cluster.Nodes[BrokerId].Broker.ClusterId, lines[0]);
        Assert.Equal("LeaderId:               " + LeaderId, lines[1]);
        Assert.Matches(@"^LeaderEpoch:\s+\d+$", lines[2]);
        Assert.Matches(@"^HighWatermark:\s+\d+$", lines[3]);
        Assert.Matches(@"^MaxFollowerLag:\s+-?\d+$", lines[4]);
        Assert.Matches(@"^MaxFollowerLagTimeMs:\s+-?\d+$", lines[5]);
        Assert.StartsWith("CurrentVoters:          [", lines[6]);
        var voters = VoterPattern().Matches(lines[6]).Select(m => (Id: int.Parse(m.Groups[1].Value), Port: int.Parse(m.Groups[2].Value))).ToList();
        Assert.Equal(_cluster.Voters.Select(v => (v.NodeId, v.Port)).Order(), voters.Order());
        Assert.Equal($"CurrentObservers:       [{{\"id\": {BrokerId}, \"directoryId\": null}}]", lines[7]);
    }

    [GeneratedRegex("""\{"id": (\d+), "directoryId": [^,]+, "endpoints": \["CONTROLLER://127\.0\.0\.1:(\d+)"\]\}""")]
    private static partial Regex VoterPattern();
}
