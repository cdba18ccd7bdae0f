using KafkaNet.Broker;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Cluster.Quorum.Transport;
using KafkaNet.Cluster.Tests.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace KafkaNet.Cluster.Tests.Quorum;

/// <summary>One controller node: a broker on Kestrel whose listener carries Kafka and Raft, and its quorum voter.</summary>
internal sealed class ControllerListenerHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly KafkaBroker broker;

    private ControllerListenerHost(WebApplication app, KafkaBroker broker, MetadataQuorum quorum, RecordingApplier applier)
    {
        this.app = app;
        this.broker = broker;
        Quorum = quorum;
        Applier = applier;
    }

    public MetadataQuorum Quorum { get; }

    public RecordingApplier Applier { get; }

    public static async Task<ControllerListenerHost> StartAsync(int nodeId, IReadOnlyList<ControllerQuorumVoter> voters, string root)
    {
        var voter = voters.Single(v => v.NodeId == nodeId);
        var hub = new RaftConnectionHub();
        var options = QuorumTestSupport.Options(nodeId, voters, root, transport: hub);
        var broker = new KafkaBroker(new BrokerOptions
        {
            NodeId = nodeId,
            DataDirectory = Path.Combine(options.DataDirectory, "broker"),
            AdvertisedEndpoint = new BrokerEndpoint(voter.Host, voter.Port),
        });
        var (app, _) = await BrokerWebHost.StartAsync(broker, voter.Port,
            o => o.UseConnectionHandler<ControllerListenerConnectionHandler>(), s => s.AddSingleton(hub));
        var applier = new RecordingApplier();
        try
        {
            return new ControllerListenerHost(app, broker, await MetadataQuorum.StartAsync(options, applier), applier);
        }
        catch
        {
            await BrokerWebHost.StopAsync(app, broker);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Quorum.DisposeAsync();
        await BrokerWebHost.StopAsync(app, broker);
    }
}
