using KafkaNet.Broker;
using KafkaNet.Broker.Handlers;
using Microsoft.AspNetCore.Builder;

namespace KafkaNet.Cluster.Tests.Network;

/// <summary>A broker on Kestrel on a chosen loopback port, so a test can stop it and start it again on that port.</summary>
internal sealed class KafkaTestHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly KafkaBroker broker;

    private KafkaTestHost(WebApplication app, KafkaBroker broker, int port)
    {
        this.app = app;
        this.broker = broker;
        Port = port;
    }

    public int Port { get; }

    public static async Task<KafkaTestHost> StartAsync(string dataDirectory, int port, IEnumerable<IApiHandler> handlers)
    {
        var broker = new KafkaBroker(new BrokerOptions
        {
            DataDirectory = dataDirectory,
            AdvertisedEndpoint = new BrokerEndpoint("127.0.0.1", port),
        }, handlers);
        var (app, bound) = await BrokerWebHost.StartAsync(broker, port, o => o.UseKafka());
        return new KafkaTestHost(app, broker, bound);
    }

    public ValueTask DisposeAsync() => new(BrokerWebHost.StopAsync(app, broker));
}
