using System.Collections.Immutable;
using KafkaNet.Broker.Topics;

namespace KafkaNet.Cluster.Tests.Controller;

/// <summary>The controller's side of a single node's topics.json takeover: what it writes, and that a repeat writes nothing twice.</summary>
public sealed class StandaloneImportTests
{
    private static readonly Guid OrdersId = Guid.NewGuid();
    private static readonly Guid OffsetsId = Guid.NewGuid();

    private static StandaloneMetadata Metadata(long nextProducerId = 3000) => new(
    [
        new TopicInfo("orders", OrdersId, 2, 1, ImmutableSortedDictionary<string, string>.Empty.Add("retention.ms", "1000")),
        new TopicInfo("__consumer_offsets", OffsetsId, 1, 1, ImmutableSortedDictionary<string, string>.Empty.Add("cleanup.policy", "compact")),
    ], nextProducerId);

    [Fact]
    public async Task Topics_keep_their_ids_and_overrides_with_every_partition_led_by_the_node()
    {
        using var h = new ControllerHarness();
        Assert.Equal(2, await h.Controller.ImportAsync(Metadata(), nodeId: 1));

        var orders = h.Image.TopicsByName["orders"];
        Assert.Equal(OrdersId, orders.Id);
        Assert.Equal(2, orders.Partitions.Count);
        Assert.All(orders.Partitions.Values, p =>
        {
            Assert.Equal([1], p.Replicas.ToArray());
            Assert.Equal([1], p.Isr.ToArray());
            Assert.Equal(1, p.Leader);
            Assert.Equal(0, p.LeaderEpoch);
        });
        Assert.Equal("1000", h.Image.ConfigsOf(new(KafkaNet.Broker.Metadata.ConfigResourceKey.TopicType, "orders"))["retention.ms"]);
        Assert.True(h.Image.TopicsByName.ContainsKey("__consumer_offsets"));
        Assert.Equal(3000, h.Image.NextProducerId);
    }

    [Fact]
    public async Task A_repeated_takeover_writes_nothing_it_already_wrote()
    {
        using var h = new ControllerHarness();
        await h.Controller.ImportAsync(Metadata(), nodeId: 1);
        int batches = h.Writer.Batches.Count;

        Assert.Equal(0, await h.Controller.ImportAsync(Metadata(), nodeId: 1));
        Assert.Equal(batches, h.Writer.Batches.Count);
        Assert.Equal(3000, h.Image.NextProducerId);
    }

    [Fact]
    public async Task A_name_the_log_holds_under_another_id_stops_the_takeover_and_writes_nothing()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);
        Assert.Equal(0, (await h.CreateTopicAsync("orders")).ErrorCode);
        int batches = h.Writer.Batches.Count;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => h.Controller.ImportAsync(Metadata(), nodeId: 1));
        Assert.Contains("orders", e.Message, StringComparison.Ordinal);
        Assert.Equal(batches, h.Writer.Batches.Count);
        Assert.False(h.Image.TopicsByName.ContainsKey("__consumer_offsets"));
    }

    [Fact]
    public async Task A_lower_producer_id_mark_than_the_logs_is_not_written()
    {
        using var h = new ControllerHarness();
        await h.Controller.ImportAsync(Metadata(5000), nodeId: 1);
        await h.Controller.ImportAsync(Metadata(1000) with { Topics = [] }, nodeId: 1);
        Assert.Equal(5000, h.Image.NextProducerId);
    }
}
