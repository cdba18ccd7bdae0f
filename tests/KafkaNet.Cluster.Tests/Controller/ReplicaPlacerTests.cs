using System.Collections.Immutable;
using KafkaNet.Broker.Metadata;
using KafkaNet.Cluster.Controller;
using KafkaNet.Protocol;

namespace KafkaNet.Cluster.Tests.Controller;

public sealed class ReplicaPlacerTests
{
    private static BrokerRegistration Broker(int id, string? rack = null) => new(id, 1, Guid.NewGuid(),
        ImmutableDictionary<string, ListenerEndpoint>.Empty, ImmutableDictionary<string, SupportedFeatureRange>.Empty, rack, false, false);

    [Fact]
    public void Leaders_and_replicas_spread_evenly()
    {
        var brokers = Enumerable.Range(1, 4).Select(id => Broker(id)).ToList();
        var (error, assignments) = new ReplicaPlacer(new Random(7)).Place(brokers, 0, 12, 3);
        Assert.False(error.IsError);
        Assert.All(assignments!, a => Assert.Equal(3, a.Distinct().Count()));
        Assert.All(assignments!.GroupBy(a => a[0]), g => Assert.Equal(3, g.Count()));
        Assert.All(assignments!.SelectMany(a => a).GroupBy(id => id), g => Assert.Equal(9, g.Count()));
    }

    [Fact]
    public void Replicas_go_to_different_racks_first()
    {
        var brokers = new[] { Broker(1, "a"), Broker(2, "a"), Broker(3, "b"), Broker(4, "b"), Broker(5, "c"), Broker(6, "c") };
        var racks = brokers.ToDictionary(b => b.Id, b => b.Rack);
        var (_, assignments) = new ReplicaPlacer(new Random(3)).Place(brokers, 0, 30, 3);
        Assert.All(assignments!, a => Assert.Equal(3, a.Select(id => racks[id]).Distinct().Count()));
        Assert.Equal(6, assignments!.Select(a => a[0]).Distinct().Count());
    }

    [Fact]
    public void More_replicas_than_racks_still_uses_every_rack()
    {
        var brokers = new[] { Broker(1, "a"), Broker(2, "a"), Broker(3, "b"), Broker(4, "b") };
        var (_, assignments) = new ReplicaPlacer().Place(brokers, 0, 8, 3);
        Assert.All(assignments!, a =>
        {
            Assert.Equal(3, a.Distinct().Count());
            Assert.Equal(2, a.Select(id => brokers.First(b => b.Id == id).Rack).Distinct().Count());
        });
    }

    [Fact]
    public void Too_few_brokers_is_invalid_replication_factor()
    {
        var (error, assignments) = new ReplicaPlacer().Place([Broker(1)], 0, 1, 2);
        Assert.Equal(ErrorCode.InvalidReplicationFactor, error.Code);
        Assert.Null(assignments);
    }
}
