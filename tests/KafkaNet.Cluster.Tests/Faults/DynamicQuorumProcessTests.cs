using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker;
using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Tests.Quorum;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Tests.Faults;

/// <summary>
/// A dynamic quorum of kafkanet-server processes, set up as with Kafka's tools: <c>kafkanet-server format --standalone</c>
/// for the first controller, <c>--no-initial-controllers</c> for two more, which join through AddRaftVoter sent to a
/// broker; then the first controller is killed with SIGKILL and the quorum goes on without it.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class DynamicQuorumProcessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private const string ClusterId = "cW2gQqviQ8-ACh3LIRsYBQ";

    [Fact]
    public async Task Controllers_formatted_to_join_are_added_and_the_quorum_outlives_its_first_controller()
    {
        string root = QuorumTestSupport.TempDirectory();
        var ports = QuorumTestSupport.Voters(4).Select(v => v.Port).ToList();
        string bootstrapControllers = string.Join(',', ports.Take(3).Select(p => $"127.0.0.1:{p}"));
        string[] common =
        [
            $"controller.quorum.bootstrap.servers={bootstrapControllers}",
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            $"cluster.id={ClusterId}",
            "broker.heartbeat.interval.ms=250",
            "broker.session.timeout.ms=3000",
        ];
        string[] Controller(int id) =>
        [
            .. common, $"node.id={id}", "process.roles=controller", $"listeners=CONTROLLER://127.0.0.1:{ports[id - 1]}",
            $"log.dirs={Path.Combine(root, $"controller-{id}")}",
        ];
        var controllers = Enumerable.Range(1, 3)
            .Select(id => new ServerNode(id, ports[id - 1], Path.Combine(root, $"controller-{id}"), Path.Combine(root, $"controller-{id}.log"), Controller(id)))
            .ToList();
        var broker = new ServerNode(4, ports[3], Path.Combine(root, "broker-4"), Path.Combine(root, "broker-4.log"),
            [.. common, "node.id=4", "process.roles=broker", $"listeners=PLAINTEXT://127.0.0.1:{ports[3]}", $"log.dirs={Path.Combine(root, "broker-4")}"]);
        bool passed = false;
        try
        {
            // An unformatted controller of a dynamic quorum refuses to start, as Kafka's does.
            Assert.Equal(1, await RunServerAsync(Controller(1)));
            Assert.Equal(0, await RunServerAsync(["format", .. Overrides(Controller(1)), "--cluster-id", ClusterId, "--standalone"]));
            foreach (int id in new[] { 2, 3 })
            {
                Assert.Equal(0, await RunServerAsync(["format", .. Overrides(Controller(id)), "--cluster-id", ClusterId, "--no-initial-controllers"]));
            }
            controllers.ForEach(c => c.Start());
            broker.Start();
            await UntilAsync(() => Task.FromResult(BrokerIds(broker.Bootstrap) is [4]), "the broker serves Metadata");

            await using var client = new NodeClient(new NodeAddress(4, "127.0.0.1", broker.ClientPort));
            foreach (int id in new[] { 2, 3 })
            {
                var add = new AddRaftVoterRequest
                {
                    ClusterId = ClusterId,
                    TimeoutMs = 30000,
                    VoterId = id,
                    VoterDirectoryId = MetaProperties.ReadDirectoryId(controllers[id - 1].DataDirectory) ?? throw new InvalidOperationException("no directory id"),
                };
                add.Listeners.Add(new() { Name = "CONTROLLER", Host = "127.0.0.1", Port = checked((ushort)ports[id - 1]) });
                var added = await client.SendAsync<AddRaftVoterResponse>(add, AddRaftVoterRequest.ApiKey, 1, Timeout());
                Assert.True(added.ErrorCode == 0, $"adding {id}: {(KafkaNet.Protocol.ErrorCode)added.ErrorCode} {added.ErrorMessage}");
            }
            var quorum = await DescribeAsync(client);
            Assert.Equal([1, 2, 3], quorum.CurrentVoters.Select(v => v.ReplicaId).Order());
            Assert.Equal(4, Assert.Single(quorum.Observers).ReplicaId);

            int leader = quorum.LeaderId;
            controllers[leader - 1].Kill();
            await UntilAsync(async () => (await DescribeQuietlyAsync(client))?.LeaderId is { } next && next != leader && next > 0, "another controller leads");
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.Bootstrap, SocketTimeoutMs = 5000 }).Build())
            {
                await admin.CreateTopicsAsync([new TopicSpecification { Name = "after-the-first", NumPartitions = 1, ReplicationFactor = 1 }]);
            }
            using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = broker.Bootstrap, Acks = Acks.All, MessageTimeoutMs = 30000 }).Build())
            {
                var report = await producer.ProduceAsync("after-the-first", new Message<Null, string> { Value = "still here" });
                Assert.Equal(PersistenceStatus.Persisted, report.Status);
            }

            // Restarted, the killed controller follows the new leader and catches up with what it committed.
            var now = await DescribeAsync(client);
            controllers[leader - 1].Start();
            await using var restarted = new NodeClient(new NodeAddress(leader, "127.0.0.1", ports[leader - 1]));
            await UntilAsync(async () => await DescribeQuietlyAsync(restarted) is { } d
                && d.LeaderId == now.LeaderId && d.HighWatermark >= now.HighWatermark && d.CurrentVoters.Count == 3,
                "the restarted controller follows the leader and has its committed entries");
            Assert.All(controllers, c => Assert.True(c.Running, $"controller {c.NodeId} exited"));
            passed = true;
        }
        finally
        {
            controllers.ForEach(c => c.Dispose());
            broker.Dispose();
            if (passed)
                QuorumTestSupport.DeleteQuietly(root);
        }
    }

    private static IEnumerable<string> Overrides(IEnumerable<string> properties) => properties.SelectMany(p => new[] { "--override", p });

    // kafkanet-server with these arguments (properties without --override are passed as overrides), to its exit.
    private static async Task<int> RunServerAsync(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kafkanet-server.dll"));
        bool command = arguments.Count > 0 && arguments[0] == "format";
        foreach (var argument in command ? arguments : Overrides(arguments).ToList())
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }

    private static async Task<DescribeQuorumResponse.PartitionData> DescribeAsync(NodeClient client)
    {
        var request = new DescribeQuorumRequest();
        request.Topics.Add(new() { TopicName = "__cluster_metadata", Partitions = { new() { PartitionIndex = 0 } } });
        var response = await client.SendAsync<DescribeQuorumResponse>(request, DescribeQuorumRequest.ApiKey, 2, Timeout());
        return response.Topics.Single().Partitions.Single();
    }

    private static async Task<DescribeQuorumResponse.PartitionData?> DescribeQuietlyAsync(NodeClient client)
    {
        try
        {
            var partition = await DescribeAsync(client);
            return partition.ErrorCode == 0 ? partition : null;
        }
        catch (Exception e) when (e is NodeUnreachableException or TimeoutException or OperationCanceledException)
        {
            return null;
        }
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(40)).Token;

    private static int[] BrokerIds(string bootstrap)
    {
        try
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap, SocketTimeoutMs = 3000 }).Build();
            return [.. admin.GetMetadata(TimeSpan.FromSeconds(3)).Brokers.Select(b => b.BrokerId).Order()];
        }
        catch (KafkaException)
        {
            return [];
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Deadline, $"timed out waiting until {what}");
            await Task.Delay(250);
        }
    }
}
