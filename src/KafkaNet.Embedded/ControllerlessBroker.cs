using System.Net;
using KafkaNet.Broker;
using KafkaNet.Broker.Topics;
using KafkaNet.Cluster.Node;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Embedded;

/// <summary>
/// A broker inside the current process with no metadata quorum of its own: until a test publishes images to it
/// (<see cref="KafkaBroker.Publish"/>) or gives it a controller, it keeps its topics in its data directory. A seam for
/// tests that stage a cluster's view around one real broker; <see cref="EmbeddedKafka"/> is what a user embeds.
/// </summary>
public sealed class ControllerlessBroker : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsDataDirectory;

    private ControllerlessBroker(WebApplication app, KafkaBroker broker, BrokerFaults faults, bool ownsDataDirectory)
    {
        _app = app;
        Broker = broker;
        Faults = faults;
        _ownsDataDirectory = ownsDataDirectory;
    }

    /// <summary>host:port of the broker, as a client's bootstrap.servers wants it.</summary>
    public string BootstrapServers => Broker.Options.AdvertisedEndpoint.ToString();

    public int Port => Broker.Options.AdvertisedEndpoint.Port;

    public KafkaBroker Broker { get; }

    public string DataDirectory => Broker.Options.DataDirectory;

    /// <summary>Dropped, delayed or failed responses to chosen requests, for testing clients' retries.</summary>
    public BrokerFaults Faults { get; }

    public static async Task<ControllerlessBroker> StartAsync(EmbeddedKafkaOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmbeddedKafkaOptions();
        var (brokerOptions, ownsDataDirectory) = EmbeddedSetup.BrokerOptionsFor(options);
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var (handlers, faults) = EmbeddedSetup.WithFaults(options, brokerOptions, loggerFactory);
        var broker = new KafkaBroker(brokerOptions, handlers, loggerFactory);

        var builder = BrokerHostBuilder.Create(broker, loggerFactory);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.UseKafka()));
        var app = builder.Build();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        // Clients learn the port from Metadata, so it is fixed before anyone can connect.
        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        brokerOptions.AdvertisedEndpoint = new BrokerEndpoint("127.0.0.1", new Uri(bound).Port);
        return new ControllerlessBroker(app, broker, faults, ownsDataDirectory);
    }

    /// <summary>Creates a topic in the broker's own registry.</summary>
    public TopicResult CreateTopic(TopicSpec spec) => Broker.Topics.Create(spec, validateOnly: false);

    public async ValueTask DisposeAsync()
    {
        Broker.BeginShutdown();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Broker.Dispose();
        EmbeddedSetup.DeleteIfOwned(DataDirectory, _ownsDataDirectory);
    }
}
