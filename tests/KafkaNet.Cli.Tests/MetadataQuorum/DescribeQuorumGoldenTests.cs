namespace KafkaNet.Cli.Tests.MetadataQuorum;

/// <summary>
/// Golden output of `describe --status` and `describe --replication`, as tables and as JSON, through the broker of the
/// static quorum: the moving numbers are masked, the cluster id, leader and controller ports come from the cluster.
/// </summary>
public sealed partial class DescribeQuorumCommandTests
{
    private const string Zero = "AAAAAAAAAAAAAAAAAAAAAA";

    private string ClusterId => _cluster.Nodes[BrokerId].Broker.ClusterId;

    /// <summary>The voters as the answer lists them, by node id, with their controller ports.</summary>
    private IEnumerable<(int Id, int Port)> Voters => _cluster.Voters.Select(v => (v.NodeId, v.Port)).Order();

    [Fact]
    public async Task Status_matches_its_golden_table_and_json()
    {
        var table = await DescribeAsync("describe", "--status");
        string voters = string.Join(", ", Voters.Select(v => $$"""{"id": {{v.Id}}, "directoryId": null, "endpoints": ["CONTROLLER://127.0.0.1:{{v.Port}}"]}"""));
        Assert.Equal(
            $$"""
            ClusterId:              {{ClusterId}}
            LeaderId:               {{LeaderId}}
            LeaderEpoch:            #
            HighWatermark:          #
            MaxFollowerLag:         #
            MaxFollowerLagTimeMs:   #
            CurrentVoters:          [{{voters}}]
            CurrentObservers:       [{"id": {{BrokerId}}, "directoryId": null}]

            """,
            QuorumMask.Status(table));

        var json = await DescribeAsync("--output", "json", "describe", "--status");
        string votersJson = string.Join(",\n", Voters.Select(v => $$"""
                {
                  "id": {{v.Id}},
                  "directoryId": null,
                  "endpoints": [
                    "CONTROLLER://127.0.0.1:{{v.Port}}"
                  ]
                }
            """));
        Assert.Equal(
            $$"""
            {
              "clusterId": "{{ClusterId}}",
              "leaderId": {{LeaderId}},
              "leaderEpoch": #,
              "highWatermark": #,
              "maxFollowerLag": #,
              "maxFollowerLagTimeMs": #,
              "currentVoters": [
            {{votersJson}}
              ],
              "currentObservers": [
                {
                  "id": {{BrokerId}},
                  "directoryId": null,
                  "endpoints": []
                }
              ]
            }

            """,
            QuorumMask.Json(json));
    }

    [Fact]
    public async Task Replication_matches_its_golden_table_and_json()
    {
        // The leader, the other voters by node id, then the broker as observer.
        var rows = Voters.Select(v => v.Id).Where(id => id != LeaderId).Select(id => (Id: id, Status: "Follower"))
            .Prepend((Id: LeaderId, Status: "Leader")).Append((Id: BrokerId, Status: "Observer")).ToList();

        var table = await DescribeAsync("describe", "--replication");
        Assert.Equal(
            "NodeId\tDirectoryId           \tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus  \t\n"
            + string.Concat(rows.Select(r => $"{r.Id}     \t{Zero}\t#           \t#  \t#                 \t#                    \t{r.Status,-8}\t\n")),
            QuorumMask.Replication(table));

        var json = await DescribeAsync("describe", "--replication", "--output", "json");
        string replicas = string.Join(",\n", rows.Select(r => $$"""
                {
                  "nodeId": {{r.Id}},
                  "directoryId": "{{Zero}}",
                  "logEndOffset": #,
                  "lag": #,
                  "lastFetchTimestamp": #,
                  "lastCaughtUpTimestamp": #,
                  "status": "{{r.Status}}"
                }
            """));
        Assert.Equal(
            $$"""
            {
              "replicas": [
            {{replicas}}
              ]
            }

            """,
            QuorumMask.Json(json));
    }

    [Fact]
    public async Task Output_json_is_refused_for_voter_changes()
    {
        var run = await QuorumCommandRun.RunAsync("--bootstrap-server", Broker, "--output", "json", "remove-controller", "--controller-id", "2",
            "--controller-directory-id", "pbvuBlaTTwKRxS5NLJwRFQ", "--dry-run");

        Assert.True(run.Exit == 1, run.ToString());
        Assert.Empty(run.Out);
        Assert.StartsWith("error: The option --output is only supported with the describe sub-command\n\nUsage:", run.Error, StringComparison.Ordinal);
    }

    private async Task<string> DescribeAsync(params string[] args)
    {
        var run = await QuorumCommandRun.RunAsync(["--bootstrap-server", Broker, .. args]);
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Empty(run.Error);
        return run.Out;
    }
}
