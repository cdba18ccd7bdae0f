using System.Globalization;
using KafkaNet.Broker.Tests.Network.ConnectionLimits;
using KafkaNet.Embedded;
using static KafkaNet.Broker.Tests.Quotas.MutationWire;
using static KafkaNet.Broker.Tests.Quotas.QuotaWire;
using ErrorCode = KafkaNet.Protocol.ErrorCode;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>
/// In a cluster the active controller charges controller_mutation_rate, so a client has one quota whichever brokers it
/// asks. One sample window of 1 s at 1 partition/s makes the bucket hold 1 partition: a first topic of 5 partitions
/// takes it to -4, and the client is then over its quota for 4 s, ample for its next request on a loaded machine.
/// </summary>
public sealed class ControllerMutationQuotaClusterTests
{
    [Fact]
    public async Task Creations_through_two_brokers_share_one_quota_per_client_id()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(3, new EmbeddedKafkaClusterOptions { Configure = o => o.QuotaWindowNum = 1 });
        // Two brokers whose controller is on another node, so both forward what they receive.
        int[] forwarding = [];
        await Bounded.UntilAsync(() => (forwarding = ForwardingBrokers(cluster)).Length >= 2, "two brokers following the active controller");
        int first = PortOf(cluster, forwarding[0]);
        int second = PortOf(cluster, forwarding[1]);
        Assert.Equal(0, (await SetAsync(first, [("client-id", "cm-spread")], ("controller_mutation_rate", 1))).ErrorCode);
        Assert.Equal(0, (await SetAsync(first, [("client-id", "cm-other")], ("controller_mutation_rate", 1))).ErrorCode);
        await Bounded.UntilAsync(() => cluster.Nodes.Values.All(n => n.Broker.Image.ClientQuotas.Count == 2), "the quotas on every node");

        var created = await CreateTopicsAsync(first, "cm-spread", 7, ("cm-spread-a", 5));
        var refused = await CreateTopicsAsync(second, "cm-spread", 7, ("cm-spread-b", 1));
        var other = await CreateTopicsAsync(second, "cm-other", 7, ("cm-other-a", 1));

        Assert.Equal(0, Assert.Single(created.Topics).ErrorCode);
        Assert.Equal(0, created.ThrottleTimeMs); // as Kafka's strict quota: only a refusal carries a throttle
        var throttled = Assert.Single(refused.Topics);
        Assert.Equal((short)ErrorCode.ThrottlingQuotaExceeded, throttled.ErrorCode);
        Assert.Equal("The throttling quota has been exceeded.", throttled.ErrorMessage);
        Assert.InRange(refused.ThrottleTimeMs, 1, 4000); // the controller's bucket: -4 tokens at 1/s, less the time since
        Assert.Equal(0, Assert.Single(other.Topics).ErrorCode);
        Assert.Equal(0, other.ThrottleTimeMs);
        Assert.All(cluster.Nodes.Values, n => Assert.Null(n.Broker.Topics.Find("cm-spread-b")));
    }

    private static int[] ForwardingBrokers(EmbeddedKafkaCluster cluster) =>
        cluster.Brokers.Where(n => n.Broker.Controller is { IsLocal: false }).Select(n => n.NodeId).ToArray();

    private static int PortOf(EmbeddedKafkaCluster cluster, int nodeId) =>
        int.Parse(cluster.BootstrapServersOf(nodeId).Split(':')[1], CultureInfo.InvariantCulture);
}
