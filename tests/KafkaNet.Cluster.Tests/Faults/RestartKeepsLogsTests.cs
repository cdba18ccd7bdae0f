using Confluent.Kafka;
using Xunit.Abstractions;

namespace KafkaNet.Cluster.Tests.Faults;

/// <summary>What a restarted node finds of its own partition logs before any other node can send it anything.</summary>
[Collection(ProcessClusterCollection.Name)]
[Trait("Category", "Faults")]
public sealed class RestartKeepsLogsTests(ITestOutputHelper output)
{
    private const string Topic = "kept";
    private const int Records = 100;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_follower_restarted_while_the_others_are_paused_still_holds_its_replicated_records()
    {
        await using var cluster = await ProcessCluster.StartAsync();
        await QuorumLossTests.CreateAsync(cluster, Topic, partitions: 1, replicationFactor: 3, minInsync: "2");
        await cluster.UntilAsync(() => cluster.FullyInSync(Topic), "the topic is fully in sync", Timeout);
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.Bootstrap, Acks = Acks.All, EnableIdempotence = true }).Build())
        {
            for (int i = 0; i < Records; i++)
                await producer.ProduceAsync(new TopicPartition(Topic, 0), new Message<Null, string> { Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        int leader = cluster.Partitions(Topic)!.Single().Leader;
        var follower = cluster.Nodes.First(n => n.NodeId != leader);
        await cluster.UntilAsync(() => RecordsOnDisk(follower) == Records, $"node {follower.NodeId} holds all {Records} records", Timeout);

        follower.Kill();
        // With the others paused nothing can reach the restarted node: what its files hold is what it kept itself.
        foreach (var other in cluster.Nodes.Where(n => n != follower))
            other.Pause();
        int listening = follower.Listening;
        follower.Start();
        await cluster.UntilAsync(() => follower.Listening > listening, $"node {follower.NodeId} listens again", Timeout);
        await Task.Delay(2000);

        long kept = RecordsOnDisk(follower);
        output.WriteLine($"node {follower.NodeId} held {Records} records of {Topic}-0 before its restart and {kept} after");
        Assert.Equal(Records, kept);
        cluster.KeepFiles = false;
    }

    private static long RecordsOnDisk(ServerNode node)
    {
        try
        {
            var batches = ReplicaLogFiles.BatchesBelow(node.DataDirectory, Topic, 0, long.MaxValue);
            return batches.Count == 0 ? 0 : batches[^1].LastOffset + 1;
        }
        catch (DirectoryNotFoundException)
        {
            return -1; // the partition directory is gone
        }
    }
}
