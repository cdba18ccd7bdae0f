using System.Net;
using KafkaNet.Broker;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Cluster.Quorum.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

    public static async Task<ControllerListenerHost> StartAsync(MetadataQuorumOptions options)
    {
        var voter = options.Voters.Single(v => v.NodeId == options.NodeId);
        var hub = new RaftConnectionHub();
        var broker = new KafkaBroker(new BrokerOptions
        {
            NodeId = options.NodeId,
            DataDirectory = Path.Combine(options.DataDirectory, "broker"),
            AdvertisedEndpoint = new BrokerEndpoint(voter.Host, voter.Port),
        });
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddKafkaBroker(broker);
        builder.Services.AddSingleton(hub);
        builder.Services.AddKafkaSocketTransport();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, voter.Port,
            o => o.UseConnectionHandler<ControllerListenerConnectionHandler>()));
        var app = builder.Build();
        await app.StartAsync();
        var applier = new RecordingApplier();
        try
        {
            var quorum = await MetadataQuorum.StartAsync(new MetadataQuorumOptions
            {
                NodeId = options.NodeId,
                Voters = options.Voters,
                DataDirectory = options.DataDirectory,
                ElectionTimeoutMin = options.ElectionTimeoutMin,
                ElectionTimeoutMax = options.ElectionTimeoutMax,
                RequestTimeout = options.RequestTimeout,
                Transport = hub,
            }, applier);
            return new ControllerListenerHost(app, broker, quorum, applier);
        }
        catch
        {
            await app.StopAsync();
            await app.DisposeAsync();
            broker.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Quorum.DisposeAsync();
        broker.BeginShutdown();
        await app.StopAsync();
        await app.DisposeAsync();
        broker.Dispose();
    }
}
