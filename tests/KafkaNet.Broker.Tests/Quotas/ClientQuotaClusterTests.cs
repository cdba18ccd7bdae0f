using KafkaNet.Broker.Tests.Network.ConnectionLimits;
using KafkaNet.Embedded;
using static KafkaNet.Broker.Tests.Quotas.QuotaWire;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>A quota altered through one broker is written by the controller and reaches every broker's image.</summary>
public sealed class ClientQuotaClusterTests
{
    [Fact]
    public async Task A_quota_altered_on_one_broker_is_described_by_the_other()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(2);
        int portOf(int node) => int.Parse(cluster.BootstrapServersOf(node).Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(0, (await SetAsync(portOf(2), [("user", "everywhere")], ("consumer_byte_rate", 4096))).ErrorCode);
        await Bounded.UntilAsync(() => cluster.Nodes[1].Broker.Image.ClientQuotas.Count == 1, "the quota's record on broker 1");

        Assert.Equal(["user=everywhere: consumer_byte_rate=4096"], Lines(await DescribeAsync(portOf(1), strict: true, ("user", 0, "everywhere"))));
    }
}
