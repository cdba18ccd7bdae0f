using System.Diagnostics;
using System.Text.Json;
using KafkaNet.Cli.Reassignment;
using KafkaNet.Cli.Tests.LeaderElection;
using KafkaNet.Cli.Tests.Topics;
using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.Reassignment;

/// <summary>Three brokers on 127.0.0.1 (node ids 1, 2 and 3), shared by the tests of this class; leaders move only when told.</summary>
public sealed class ThreeBrokerCluster : IAsyncLifetime
{
    public EmbeddedKafkaCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Cluster = await EmbeddedKafkaCluster.StartAsync(3, new() { Configure = o => o.Cluster.AutoLeaderRebalanceEnable = false });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>`kafkanet reassign-partitions` and `kafkanet leader-election` moving replicas and leaders between three brokers.</summary>
public sealed class ReplicaMovesCommandTests : IClassFixture<ThreeBrokerCluster>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly EmbeddedKafkaCluster _cluster;
    private readonly string _bootstrap;
    private readonly string _directory = Directory.CreateTempSubdirectory("kafkanet-reassign-").FullName;

    public ReplicaMovesCommandTests(ThreeBrokerCluster fixture)
    {
        _cluster = fixture.Cluster;
        _bootstrap = fixture.Cluster.BootstrapServers;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_reassignment_moves_the_replicas_and_verify_reports_it_completed()
    {
        await CreateAsync("moving", "1:2");
        string topics = File("topics.json", """{"topics": [{"topic": "moving"}], "version": 1}""");
        var generated = await SucceedAsync(ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--generate", "--topics-to-move-json-file", topics, "--broker-list", "2,3"));
        Assert.Equal(
            "Current partition replica assignment\n"
            + """{"version":1,"partitions":[{"topic":"moving","partition":0,"replicas":[1,2],"log_dirs":["any","any"]}]}""" + "\n\n"
            + "Proposed partition reassignment configuration\n"
            + """{"version":1,"partitions":[{"topic":"moving","partition":0,"replicas":[2,3],"log_dirs":["any","any"]}]}""" + "\n",
            generated.Out);
        var generatedJson = await SucceedAsync(ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--generate", "--topics-to-move-json-file", topics,
            "--broker-list", "2,3", "--output", "json"));
        Assert.Equal($$"""
            {
              "current": {{Assignment("moving", 1, 2)}},
              "proposed": {{Assignment("moving", 2, 3)}}
            }

            """,
            generatedJson.Out);

        string plan = File("plan.json", """{"version": 1, "partitions": [{"topic": "moving", "partition": 0, "replicas": [2, 3]}]}""");
        var executed = await SucceedAsync(ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--execute", "--reassignment-json-file", plan));
        Assert.Equal(
            "Current partition replica assignment\n\n"
            + """{"version":1,"partitions":[{"topic":"moving","partition":0,"replicas":[1,2],"log_dirs":["any","any"]}]}""" + "\n\n"
            + "Save this to use as the --reassignment-json-file option during rollback\n"
            + "Successfully started partition reassignment for moving-0\n",
            executed.Out);

        var verified = await UntilAsync(() => ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--verify", "--reassignment-json-file", plan),
            // Brokers learn of the new replicas a moment after the controller completes the move.
            run => run.Out.Contains("is completed.", StringComparison.Ordinal));
        Assert.Equal("Status of partition reassignment:\nReassignment of partition moving-0 is completed.\n", verified.Out);
        var verifiedJson = await SucceedAsync(ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--verify", "--reassignment-json-file", plan, "--output", "json"));
        Assert.Equal(
            """
            {
              "partitions": [
                {
                  "topic": "moving",
                  "partition": 0,
                  "currentReplicas": [
                    2,
                    3
                  ],
                  "targetReplicas": [
                    2,
                    3
                  ],
                  "done": true
                }
              ]
            }

            """,
            verifiedJson.Out);

        var moved = await PartitionAsync("moving", p => Ids(p, "isr").Count == 2);
        Assert.Equal([2, 3], Ids(moved, "replicas"));
        Assert.Contains(moved.GetProperty("leader").GetInt32(), (int[])[2, 3]);

        var listed = await SucceedAsync(ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--list"));
        Assert.Equal("No partition reassignments found.\n", listed.Out);
        Assert.Equal("{\n  \"reassignments\": []\n}\n", (await SucceedAsync(ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--list", "--output", "json"))).Out);
        var cancelled = await SucceedAsync(ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--cancel", "--reassignment-json-file", plan));
        Assert.Equal("None of the specified partition reassignments are active.\n", cancelled.Out);
    }

    [Fact]
    public async Task A_reassignment_waiting_for_a_stopped_broker_is_listed_in_progress_and_can_be_cancelled()
    {
        await CreateAsync("stuck", "1:2");
        string plan = File("stuck.json", """{"version": 1, "partitions": [{"topic": "stuck", "partition": 0, "replicas": [1, 2, 3]}]}""");
        await _cluster.StopAsync(3);
        try
        {
            // The command, as Kafka's, refuses to move replicas to a broker the cluster does not list as live (once it
            // learns broker 3 stopped), so the move is started here with the request itself: broker 3 is still
            // registered, and the move waits for it to join the ISR.
            await using (var connection = new ReassignmentConnection(_cluster.BootstrapServersOf(1), new Dictionary<string, string>()))
            {
                Assert.Empty(await connection.AlterAsync([new PartitionReplicas("stuck", 0, [1, 2, 3])], cancel: false, CancellationToken.None));
            }

            var listed = await SucceedAsync(ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--list"));
            Assert.Equal("Current partition reassignments:\nstuck-0: replicas: 1,2,3. adding: 3.\n", listed.Out);
            var listedJson = await SucceedAsync(ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--list", "--output", "json"));
            Assert.Equal(
                """
                {
                  "reassignments": [
                    {
                      "topic": "stuck",
                      "partition": 0,
                      "replicas": [
                        1,
                        2,
                        3
                      ],
                      "addingReplicas": [
                        3
                      ],
                      "removingReplicas": []
                    }
                  ]
                }

                """,
                listedJson.Out);
            var verified = await SucceedAsync(ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--verify", "--reassignment-json-file", plan));
            Assert.Equal("Status of partition reassignment:\nReassignment of partition stuck-0 is still in progress.\n", verified.Out);
            var verifiedJson = await SucceedAsync(ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--verify", "--reassignment-json-file", plan, "--output", "json"));
            Assert.Contains("\"done\": false", verifiedJson.Out, StringComparison.Ordinal);

            var another = await ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--execute", "--reassignment-json-file", plan);
            Assert.True(another.Exit == 1, another.ToString());
            Assert.Equal("error: Cannot execute because there is an existing partition assignment.  Use --additional to override this and "
                + "create a new partition assignment in addition to the existing one.\n", another.Error);

            var cancelled = await SucceedAsync(ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--cancel", "--reassignment-json-file", plan));
            Assert.Equal("Successfully cancelled partition reassignment for: stuck-0\n", cancelled.Out);
            Assert.Equal([1, 2], Ids(await PartitionAsync("stuck", p => Ids(p, "replicas").Count == 2), "replicas"));
            var none = await SucceedAsync(ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--list"));
            Assert.Equal("No partition reassignments found.\n", none.Out);
        }
        finally
        {
            await _cluster.RestartAsync(3);
            await LiveAsync(3);
        }
    }

    [Fact]
    public async Task Preferred_election_gives_the_first_replica_the_leadership()
    {
        await CreateAsync("elected", "1:2");
        await CreateAsync("elected-json", "1:2");
        var unneeded = await SucceedAsync(LeaderElectionRun.RunAsync("--bootstrap-server", _bootstrap, "--election-type", "PREFERRED", "--topic", "elected", "--partition", "0"));
        Assert.Equal("Valid replica already elected for partitions elected-0\n", unneeded.Out);

        // The same replicas in the other order: broker 2 becomes the preferred leader, broker 1 keeps leading.
        string swap = File("swap.json", """
            {"version": 1, "partitions": [{"topic": "elected", "partition": 0, "replicas": [2, 1]}, {"topic": "elected-json", "partition": 0, "replicas": [2, 1]}]}
            """);
        await SucceedAsync(ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--execute", "--reassignment-json-file", swap));
        // A preferred election needs broker 2 in the ISR: under load a follower can drop out of it for a moment.
        var swapped = await PartitionAsync("elected", p => Ids(p, "replicas").SequenceEqual([2, 1]) && Ids(p, "isr").Count == 2);
        Assert.Equal(1, swapped.GetProperty("leader").GetInt32());
        var swappedJson = await PartitionAsync("elected-json", p => Ids(p, "replicas").SequenceEqual([2, 1]) && Ids(p, "isr").Count == 2);
        Assert.Equal(1, swappedJson.GetProperty("leader").GetInt32());

        string partitions = File("elect.json", """{"partitions": [{"topic": "elected", "partition": 0}]}""");
        var elected = await SucceedAsync(LeaderElectionRun.RunAsync("--bootstrap-server", _bootstrap, "--election-type", "preferred", "--path-to-json-file", partitions));
        Assert.Equal("Successfully completed leader election (PREFERRED) for partitions elected-0\n", elected.Out);
        await PartitionAsync("elected", p => p.GetProperty("leader").GetInt32() == 2);

        // One partition of each outcome in one JSON document; the failed one makes it exit 1.
        string mixed = File("mixed.json", """{"partitions": [{"topic": "elected-json", "partition": 0}, {"topic": "elected", "partition": 7}, {"topic": "elected", "partition": 0}]}""");
        var json = await LeaderElectionRun.RunAsync("--bootstrap-server", _bootstrap, "--election-type", "PREFERRED", "--path-to-json-file", mixed, "--output", "json");
        Assert.True(json.Exit == 1, json.ToString());
        Assert.Equal(
            """
            {
              "electionType": "PREFERRED",
              "partitions": [
                {
                  "topic": "elected",
                  "partition": 0,
                  "status": "alreadyElected",
                  "error": null
                },
                {
                  "topic": "elected",
                  "partition": 7,
                  "status": "failed",
                  "error": "UNKNOWN_TOPIC_OR_PARTITION: The partition does not exist."
                },
                {
                  "topic": "elected-json",
                  "partition": 0,
                  "status": "elected",
                  "error": null
                }
              ]
            }

            """,
            json.Out);
        Assert.Equal("error: 1 replica(s) could not be elected\n", json.Error);
        var unclean = await SucceedAsync(LeaderElectionRun.RunAsync("--bootstrap-server", _bootstrap, "--election-type", "UNCLEAN", "--topic", "elected", "--partition", "0"));
        Assert.Equal("Valid replica already elected for partitions elected-0\n", unclean.Out);

        // Every partition has a leader, so an unclean election of all of them acts on none and, as Kafka's, reports none.
        var everyPartition = await SucceedAsync(LeaderElectionRun.RunAsync("--bootstrap-server", _bootstrap, "--election-type", "UNCLEAN", "--all-topic-partitions"));
        Assert.Empty(everyPartition.Out);

        var unknown = await LeaderElectionRun.RunAsync("--bootstrap-server", _bootstrap, "--election-type", "PREFERRED", "--topic", "elected", "--partition", "7");
        Assert.True(unknown.Exit == 1, unknown.ToString());
        Assert.Equal("Error completing leader election (PREFERRED) for partition: elected-7: UNKNOWN_TOPIC_OR_PARTITION: The partition does not exist.\n", unknown.Out);
        Assert.Equal("error: 1 replica(s) could not be elected\n", unknown.Error);
    }

    [Fact]
    public async Task A_throttle_is_refused_because_the_brokers_have_no_replication_throttles()
    {
        await CreateAsync("throttled", "1:2");
        string plan = File("throttled.json", """{"version": 1, "partitions": [{"topic": "throttled", "partition": 0, "replicas": [3, 2]}]}""");

        var run = await ReassignmentRun.RunAsync("--bootstrap-server", _bootstrap, "--execute", "--reassignment-json-file", plan, "--throttle", "1000000");

        Assert.True(run.Exit == 1, run.ToString());
        Assert.Empty(run.Out);
        Assert.Equal("error: --throttle is not supported by this cluster: broker 1 has no replication throttles (leader.replication.throttled.rate); "
            + "nothing was reassigned. Run again without --throttle.\n", run.Error);
        Assert.Equal([1, 2], Ids(await PartitionAsync("throttled", _ => true), "replicas"));
    }

    /// <summary>Waits until the cluster lists the broker as live again, so the next test may move replicas to it.</summary>
    private async Task LiveAsync(int broker)
    {
        using var admin = new ReassignmentAdmin(new Dictionary<string, string> { ["bootstrap.servers"] = _bootstrap });
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; !(await admin.BrokerIdsAsync()).Contains(broker); attempt++)
        {
            Assert.True(attempt < 100 && clock.Elapsed < Deadline, $"broker {broker} not listed again in time");
            await Task.Delay(200);
        }
    }

    private static async Task<CommandRun> SucceedAsync(Task<CommandRun> running)
    {
        var run = await running;
        Assert.True(run.Exit == 0, run.ToString());
        return run;
    }

    /// <summary>Creates a one-partition topic on the brokers given and waits until every replica is in sync.</summary>
    private async Task CreateAsync(string topic, string assignment)
    {
        await SucceedAsync(TopicsRun.RunAsync("--bootstrap-server", _bootstrap, "--create", "--topic", topic, "--replica-assignment", assignment));
        await PartitionAsync(topic, p => Ids(p, "isr").Count == Ids(p, "replicas").Count);
    }

    /// <summary>Partition 0 of the topic as `kafkanet topics --describe` shows it, once <paramref name="done"/> holds: brokers learn of changes a moment apart.</summary>
    private async Task<JsonElement> PartitionAsync(string topic, Func<JsonElement, bool> done)
    {
        JsonElement? partition = null;
        await UntilAsync(() => TopicsRun.RunAsync("--bootstrap-server", _bootstrap, "--describe", "--topic", topic, "--output", "json"), run =>
        {
            using var json = JsonDocument.Parse(run.Out);
            var partitions = json.RootElement.GetProperty("topics")[0].GetProperty("partitions");
            partition = partitions.GetArrayLength() == 1 && partitions[0].GetProperty("leader").ValueKind == JsonValueKind.Number ? partitions[0].Clone() : null;
            return partition is { } p && done(p);
        });
        return partition!.Value;
    }

    /// <summary>Runs the command until it succeeds with <paramref name="done"/> true, at most 100 times and for <see cref="Deadline"/>.</summary>
    private static async Task<CommandRun> UntilAsync(Func<Task<CommandRun>> command, Func<CommandRun, bool> done)
    {
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; ; attempt++)
        {
            var run = await command();
            if (run.Exit == 0 && done(run))
            {
                return run;
            }

            Assert.True(attempt < 100 && clock.Elapsed < Deadline, $"not done in time: {run}");
            await Task.Delay(200);
        }
    }

    private string File(string name, string content)
    {
        string path = Path.Combine(_directory, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>A one-partition document in Kafka's reassignment format, indented as a value of the tool's JSON output.</summary>
    private static string Assignment(string topic, int first, int second) => $$"""
        {
            "version": 1,
            "partitions": [
              {
                "topic": "{{topic}}",
                "partition": 0,
                "replicas": [
                  {{first}},
                  {{second}}
                ],
                "log_dirs": [
                  "any",
                  "any"
                ]
              }
            ]
          }
        """;

    private static List<int> Ids(JsonElement partition, string name) => [.. partition.GetProperty(name).EnumerateArray().Select(r => r.GetInt32())];
}
