using System.Diagnostics;
using Xunit.Abstractions;

namespace KafkaNet.Cluster.Tests.Faults;

/// <summary>
/// The active controller of three combined nodes is also a broker: killed and restarted, or paused past its broker
/// session and resumed, it must be unfenced again and back in every ISR within a bounded time, however often it happens.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
[Trait("Category", "Faults")]
public sealed class ControllerFailoverTests(ITestOutputHelper output)
{
    private const string Topic = "failover";
    private const int Rounds = 3;
    private static readonly TimeSpan Heal = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task The_killed_or_paused_active_controller_is_unfenced_and_back_in_every_isr_each_time()
    {
        await using var cluster = await ProcessCluster.StartAsync();
        await QuorumLossTests.CreateAsync(cluster, Topic, partitions: 3, replicationFactor: 3, minInsync: "2");
        await cluster.UntilAsync(() => cluster.FullyInSync(Topic), "the topic is fully in sync", Heal);

        for (int round = 0; round < Rounds; round++)
        {
            foreach (bool pause in new[] { false, true })
            {
                int controller = await cluster.UntilAsync(cluster.QuorumLeaderAsync, id => id > 0, "a quorum leader is known", Heal);
                var node = cluster[controller];
                var clock = Stopwatch.StartNew();
                if (pause)
                {
                    // Long enough for the others to elect another controller and fence this broker.
                    node.Pause();
                    await Task.Delay(ProcessCluster.SessionTimeoutMs + 500);
                    node.Resume();
                }
                else
                {
                    int registrations = node.Registrations;
                    node.Kill();
                    await Task.Delay(300);
                    node.Start();
                    await cluster.UntilAsync(() => node.Registrations > registrations, $"node {controller} registers again", Heal);
                }
                string fault = $"round {round}: {(pause ? "paused" : "killed")} the active controller, node {controller}";
                // Metadata names unfenced brokers only.
                await cluster.UntilAsync(() => cluster.Nodes.All(n => cluster.LiveBrokers(n.Bootstrap) == 3), $"every node sees node {controller} unfenced ({fault})", Heal);
                try
                {
                    await cluster.UntilAsync(() => cluster.FullyInSync(Topic), $"node {controller} is back in every ISR ({fault})", Heal);
                }
                catch (TimeoutException e)
                {
                    throw new TimeoutException($"{e.Message} Views: {cluster.DescribeViews(Topic)}", e);
                }
                output.WriteLine($"{fault}: healed in {clock.Elapsed.TotalSeconds:0.0}s");
            }
        }
        cluster.KeepFiles = false;
    }
}
