using KafkaNet.Embedded;

namespace KafkaNet.Cluster.Tests.Node;

/// <summary>One three-node cluster shared by the tests that do not stop nodes.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public EmbeddedKafkaCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await EmbeddedKafkaCluster.StartAsync(3);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
