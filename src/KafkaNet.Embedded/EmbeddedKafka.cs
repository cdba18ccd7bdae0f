using System.Net;
using KafkaNet.Broker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Embedded;

/// <summary>
/// A broker running inside the current process on a free loopback port, for tests:
/// <code>await using var kafka = await EmbeddedKafka.StartAsync();</code>
/// then point any Kafka client at <see cref="BootstrapServers"/>.
/// </summary>
public sealed class EmbeddedKafka : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsDataDirectory;

    private EmbeddedKafka(WebApplication app, KafkaBroker broker, BrokerFaults faults, bool ownsDataDirectory)
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

    public static async Task<EmbeddedKafka> StartAsync(EmbeddedKafkaOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmbeddedKafkaOptions();
        bool ownsDataDirectory = options.DataDirectory is null;
        string dataDirectory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "kafkanet-" + Guid.NewGuid().ToString("N"));
        var brokerOptions = new BrokerOptions
        {
            NodeId = options.NodeId,
            DataDirectory = dataDirectory,
            AdvertisedEndpoint = new BrokerEndpoint("127.0.0.1", 0),
        };
        options.Configure?.Invoke(brokerOptions);
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var handlers = (options.Handlers ?? KafkaBroker.DefaultHandlers()).ToList();
        var faults = new BrokerFaults(handlers);
        var faultLogger = loggerFactory.CreateLogger<BrokerFaults>();
        var broker = new KafkaBroker(brokerOptions, handlers.Select(h => new FaultInjectingHandler(h, faults, faultLogger)), loggerFactory);

        // No configuration reload: its file watcher would watch the working directory recursively, data included.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddKafkaBroker(broker);
        builder.Services.AddKafkaSocketTransport();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.UseKafka()));
        var app = builder.Build();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        // Clients learn the port from Metadata, so it is fixed before anyone can connect.
        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        brokerOptions.AdvertisedEndpoint = new BrokerEndpoint("127.0.0.1", new Uri(bound).Port);
        return new EmbeddedKafka(app, broker, faults, ownsDataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        Broker.BeginShutdown();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Broker.Dispose();
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a file still open elsewhere leaves the temporary directory behind.
            }
        }
    }
}
