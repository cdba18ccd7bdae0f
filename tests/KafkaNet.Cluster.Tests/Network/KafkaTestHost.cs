using System.Net;
using KafkaNet.Broker;
using KafkaNet.Broker.Handlers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddKafkaBroker(broker);
        builder.Services.AddKafkaSocketTransport();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o => o.UseKafka()));
        var app = builder.Build();
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return new KafkaTestHost(app, broker, bound);
    }

    public async ValueTask DisposeAsync()
    {
        broker.BeginShutdown();
        await app.StopAsync();
        await app.DisposeAsync();
        broker.Dispose();
    }
}
