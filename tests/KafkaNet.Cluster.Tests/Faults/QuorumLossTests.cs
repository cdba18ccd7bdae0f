using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Xunit.Abstractions;

namespace KafkaNet.Cluster.Tests.Faults;

/// <summary>Losing brokers and controllers of three server processes: what the cluster refuses and what it survives.</summary>
[Collection(ProcessClusterCollection.Name)]
[Trait("Category", "Faults")]
public sealed class QuorumLossTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Heal = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Losing_two_of_three_brokers_with_min_insync_two_acknowledges_no_write_and_produce_works_after_restart()
    {
        await using var cluster = await ProcessCluster.StartAsync();
        await CreateAsync(cluster, "guarded", partitions: 1, replicationFactor: 3, minInsync: "2");
        await cluster.UntilAsync(() => cluster.FullyInSync("guarded"), "the topic is fully in sync", Heal);
        Assert.Equal(ErrorCode.NoError, (await ProduceAsync(cluster.Bootstrap, "guarded", "before", TimeSpan.FromSeconds(30))).Error);

        int leader = cluster.Partitions("guarded")!.Single().Leader;
        var followers = cluster.Nodes.Where(n => n.NodeId != leader).ToList();
        // One at a time, letting the ISR shrink while the quorum still has a majority.
        followers[0].Kill();
        await cluster.UntilAsync(() => cluster.Partitions("guarded") is [{ } p] && p.Leader == leader && !p.InSyncReplicas.Contains(followers[0].NodeId),
            $"node {followers[0].NodeId} leaves the ISR", Heal);
        var isr = cluster.Partitions("guarded", cluster[leader].Bootstrap)!.Single().InSyncReplicas;
        followers[1].Kill();
        long hwBefore = PartitionReader.HighWatermark(cluster[leader].Bootstrap, "guarded", 0);

        var (outcome, offset) = await ProduceAsync(cluster[leader].Bootstrap, "guarded", "alone", TimeSpan.FromSeconds(8));
        long hwAfter = PartitionReader.HighWatermark(cluster[leader].Bootstrap, "guarded", 0);
        string state = $"leader {leader}, ISR [{string.Join(",", isr)}] before node {followers[1].NodeId} was killed; " +
            $"produce answered {outcome} at offset {offset}; high watermark {hwBefore} -> {hwAfter}";
        output.WriteLine(state);
        Assert.True(outcome != ErrorCode.NoError, "an acks=all write was acknowledged with two of three brokers down: " + state);
        Assert.Contains(outcome, new[] { ErrorCode.NotEnoughReplicas, ErrorCode.NotEnoughReplicasAfterAppend, ErrorCode.RequestTimedOut, ErrorCode.Local_MsgTimedOut });
        // Nothing written while alone became visible: the high watermark stayed where the replicated log ended.
        Assert.True(hwBefore == hwAfter, "the high watermark moved with two of three brokers down: " + state);

        foreach (var node in followers)
            node.Start();
        await cluster.UntilAsync(() => cluster.FullyInSync("guarded"), "the restarted brokers rejoin the ISR", Heal);
        Assert.Equal(ErrorCode.NoError, (await ProduceAsync(cluster.Bootstrap, "guarded", "after", TimeSpan.FromSeconds(30))).Error);
        cluster.KeepFiles = false;
    }

    [Fact]
    public async Task Killing_the_active_controller_elects_another_and_a_topic_created_meanwhile_reaches_every_broker()
    {
        await using var cluster = await ProcessCluster.StartAsync();
        int killed = await cluster.UntilAsync(cluster.QuorumLeaderAsync, id => id > 0, "a quorum leader is known", Heal);
        cluster[killed].Kill();

        int elected = await cluster.UntilAsync(cluster.QuorumLeaderAsync, id => id > 0 && id != killed, "the survivors elect another quorum leader", Heal);
        output.WriteLine($"quorum leader {killed} killed, node {elected} elected");
        // Clients send CreateTopics to the controller Metadata names, a live broker once the dead one is fenced.
        string survivors = cluster.BootstrapOfRunning();
        await cluster.UntilAsync(() => cluster.LiveBrokers(survivors) == 2, "the killed broker is fenced", Heal);
        await CreateAsync(cluster, "born-in-failover", partitions: 3, replicationFactor: 2, minInsync: "1", survivors);

        cluster[killed].Start();
        await cluster.UntilAsync(() => cluster.LiveBrokers(cluster[killed].Bootstrap) == 3, "the restarted node is registered again", Heal);
        foreach (var node in cluster.Nodes)
        {
            using var admin = cluster.Admin(node.Bootstrap);
            var topic = await cluster.UntilAsync(() => Task.FromResult(admin.GetMetadata("born-in-failover", TimeSpan.FromSeconds(5)).Topics.Single()),
                t => t.Error.Code == ErrorCode.NoError && t.Partitions.Count == 3, $"node {node.NodeId} knows the topic", Heal);
            Assert.All(topic.Partitions, p =>
            {
                Assert.Equal(2, p.Replicas.Length);
                Assert.Contains(p.Leader, p.Replicas);
            });
        }
        cluster.KeepFiles = false;
    }

    [Fact]
    public async Task A_paused_active_controller_resumes_as_a_follower_and_applies_what_its_successor_wrote()
    {
        await using var cluster = await ProcessCluster.StartAsync();
        int paused = await cluster.UntilAsync(cluster.QuorumLeaderAsync, id => id > 0, "a quorum leader is known", Heal);
        cluster[paused].Pause();
        // Past the broker session timeout: on waking, its stale session timers say every other broker expired.
        await Task.Delay(ProcessCluster.SessionTimeoutMs * 2);
        int elected = await cluster.UntilAsync(cluster.QuorumLeaderAsync, id => id > 0 && id != paused, "the others elect another quorum leader", Heal);
        cluster[paused].Resume();
        output.WriteLine($"quorum leader {paused} paused, node {elected} elected, {paused} resumed");

        await CreateAsync(cluster, "after-the-pause", partitions: 2, replicationFactor: 3, minInsync: "2", cluster[elected].Bootstrap);
        await cluster.UntilAsync(() => cluster.FullyInSync("after-the-pause"), "every node knows the new topic and follows its leaders", Heal);
        Assert.Equal(3, cluster.LiveBrokers(cluster[paused].Bootstrap));
        cluster.KeepFiles = false;
    }

    internal static async Task CreateAsync(ProcessCluster cluster, string topic, int partitions, short replicationFactor, string minInsync, string? bootstrap = null)
    {
        // Bounded retries: the client may drop its bootstrap connection with the request in flight
        // ("broker handle destroyed") once it has learned the brokers, and a retry may then find the topic made.
        for (int attempt = 1; ; attempt++)
        {
            using var admin = cluster.Admin(bootstrap);
            try
            {
                await admin.CreateTopicsAsync([new TopicSpecification
                {
                    Name = topic, NumPartitions = partitions, ReplicationFactor = replicationFactor,
                    Configs = new Dictionary<string, string> { ["min.insync.replicas"] = minInsync },
                }], new CreateTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(20) });
                return;
            }
            catch (CreateTopicsException e) when (attempt > 1 && e.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
            {
                return;
            }
            catch (KafkaException e) when (e is not CreateTopicsException && attempt < 3)
            {
                await Task.Delay(500);
            }
        }
    }

    private static async Task<(ErrorCode Error, long Offset)> ProduceAsync(string bootstrap, string topic, string value, TimeSpan timeout)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = bootstrap, Acks = Acks.All, EnableIdempotence = true, MessageTimeoutMs = (int)timeout.TotalMilliseconds,
            RequestTimeoutMs = Math.Min(5000, (int)timeout.TotalMilliseconds),
        }).Build();
        try
        {
            var result = await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<Null, string> { Value = value });
            return (ErrorCode.NoError, result.Offset.Value);
        }
        catch (ProduceException<Null, string> e)
        {
            return (e.Error.Code, -1);
        }
    }
}
